using System.CommandLine;

namespace Sigilum.CommandLine;

/// <summary>
/// Per-command text printed after the generated help: a "Details:" paragraph and example command lines.
/// The command's own description stays one line so the root command list reads well; this is the manual.
/// </summary>
public sealed class HelpExamples
{
    private readonly Dictionary<Command, IReadOnlyList<string>> _examples = [];
    private readonly Dictionary<Command, string> _details = [];

    public void Add(Command command, params string[] lines) => _examples[command] = lines;

    public void AddDetails(Command command, string text) => _details[command] = text;

    public IReadOnlyList<string> For(Command command) => _examples.GetValueOrDefault(command) ?? [];

    public string? DetailsFor(Command command) => _details.GetValueOrDefault(command);
}
