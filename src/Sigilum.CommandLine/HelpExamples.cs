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

    /// <summary>
    /// A leaf command: its name, one-line description, manual and the arguments and options it takes.
    /// The caller adds the action (<c>SetAction</c>), so the declaration reads as one statement.
    /// </summary>
    public Command Define(string name, string description, CommandManual manual, params IEnumerable<Symbol> symbols)
    {
        ArgumentNullException.ThrowIfNull(manual);
        ArgumentNullException.ThrowIfNull(symbols);
        var command = new Command(name, description);
        foreach (var symbol in symbols)
        {
            switch (symbol)
            {
                case Option option:
                    command.Options.Add(option);
                    break;
                case Argument argument:
                    command.Arguments.Add(argument);
                    break;
                case Command subcommand:
                    command.Subcommands.Add(subcommand);
                    break;
                default:
                    throw new ArgumentException($"Unsupported symbol {symbol.GetType().Name}.", nameof(symbols));
            }
        }
        Describe(command, manual);
        return command;
    }

    /// <summary>A command that only groups subcommands (<c>sigilum service</c>, <c>sigil-vault route</c>).</summary>
    public Command Group(string name, string description, CommandManual manual, params IEnumerable<Command> subcommands) =>
        Define(name, description, manual, subcommands);

    /// <summary>Records <paramref name="manual"/> for a command built elsewhere (the root command, option-bag commands).</summary>
    public void Describe(Command command, CommandManual manual)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(manual);
        if (manual.Details is { } details)
        {
            _details[command] = details;
        }
        if (manual.Examples.Count > 0)
        {
            _examples[command] = manual.Examples;
        }
    }

    public IReadOnlyList<string> For(Command command) => _examples.GetValueOrDefault(command) ?? [];

    public string? DetailsFor(Command command) => _details.GetValueOrDefault(command);
}
