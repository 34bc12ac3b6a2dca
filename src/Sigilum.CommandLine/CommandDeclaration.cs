using System.CommandLine;

namespace Sigilum.CommandLine;

/// <summary>
/// How both command lines declare a command: its name and the arguments, options and subcommands it takes. What its
/// help says comes from the command line's manual document (<see cref="CommandManuals"/>, keyed by the command's path),
/// so a declaration is code only; the caller adds the action (<c>SetAction</c>).
/// </summary>
public static class CommandDeclaration
{
    public static Command Define(string name, params IEnumerable<Symbol> symbols)
    {
        ArgumentNullException.ThrowIfNull(symbols);
        var command = new Command(name);
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
        return command;
    }

    /// <summary>A command that only groups subcommands (<c>sigilum service</c>, <c>sigil-vault routes</c>).</summary>
    public static Command Group(string name, params IEnumerable<Command> subcommands) => Define(name, subcommands);
}
