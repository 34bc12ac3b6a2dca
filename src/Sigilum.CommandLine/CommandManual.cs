namespace Sigilum.CommandLine;

/// <summary>
/// What a command's help says beyond its one-line description: the "Details:" paragraph and the example lines.
/// Commands declare it as one value so that every command of both CLIs is declared the same way
/// (<see cref="HelpExamples.Define"/>, <see cref="HelpExamples.Group"/>).
/// </summary>
public sealed record CommandManual(string? Details, params IReadOnlyList<string> Examples);
