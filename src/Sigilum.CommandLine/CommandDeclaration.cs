using System.CommandLine;

namespace Sigilum.CommandLine;

/// <summary>
/// How both command lines declare a command: its name and the arguments, options and subcommands it takes. What its
/// help says comes from the command line's manual document (<see cref="CommandManuals"/>, keyed by the command's path),
/// so a declaration is code only: <c>Define(name, symbols).WithAction(...)</c> is the whole command.
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

    /// <summary>Sets <paramref name="action"/> and returns the command, so a command is declared in one expression.</summary>
    public static Command WithAction(this Command command, Func<ParseResult, CancellationToken, Task<int>> action)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.SetAction(action);
        return command;
    }

    /// <inheritdoc cref="WithAction(Command, Func{ParseResult, CancellationToken, Task{int}})"/>
    public static Command WithAction(this Command command, Func<ParseResult, CancellationToken, Task> action)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.SetAction(action);
        return command;
    }

    /// <inheritdoc cref="WithAction(Command, Func{ParseResult, CancellationToken, Task{int}})"/>
    public static Command WithAction(this Command command, Func<ParseResult, int> action)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.SetAction(action);
        return command;
    }

    /// <inheritdoc cref="WithAction(Command, Func{ParseResult, CancellationToken, Task{int}})"/>
    public static Command WithAction(this Command command, Action<ParseResult> action)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.SetAction(action);
        return command;
    }
}
