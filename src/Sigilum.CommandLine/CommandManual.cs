namespace Sigilum.CommandLine;

/// <summary>
/// What a command's help says: the one-line description (also listed under its parent), the "Details:" paragraphs
/// and the example lines. Each command line keeps them all in one document (<see cref="CommandManuals"/>), not in code.
/// </summary>
public sealed record CommandManual(string Description, string? Details, IReadOnlyList<string> Examples);
