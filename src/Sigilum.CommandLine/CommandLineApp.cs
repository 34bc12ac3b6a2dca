using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace Sigilum.CommandLine;

/// <summary>
/// What both command lines' apps (<c>sigilum</c>, <c>sigil-vault</c>) do around their commands: whole-line output
/// writers, the root command with the examples-aware help and a version option, and help for a group run without
/// its subcommand. Each app only names its commands, its manual and its own context.
/// </summary>
public static class CommandLineApp
{
    /// <summary>Builds the root over synchronised writers (for <paramref name="buildRoot"/>'s context) and runs it.</summary>
    public static async Task<int> RunAsync(
        string[] args,
        TextWriter stdout,
        TextWriter stderr,
        ICommandLineEnvironment environment,
        Func<CliOutput, Command> buildRoot,
        TimeSpan terminationTimeout,
        Func<CommandLineAction?, bool>? isInformational = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(buildRoot);
        // A hosted server logs from its own threads while the command writes; keep lines whole.
        var output = new CliOutput(TextWriter.Synchronized(stdout), TextWriter.Synchronized(stderr), environment);
        return await CommandLineRunner.RunAsync(buildRoot(output), args, output, terminationTimeout, isInformational, cancellationToken);
    }

    /// <summary>
    /// The root command: <paramref name="commands"/>, described by <paramref name="manuals"/>, the help option that
    /// prints each command's details and examples, and <paramref name="version"/>. The root, and every group at any
    /// depth, shows the help when run bare rather than an error.
    /// </summary>
    public static Command Root(CommandManuals manuals, string name, VersionOption version, params IEnumerable<Command> commands)
    {
        ArgumentNullException.ThrowIfNull(manuals);
        ArgumentNullException.ThrowIfNull(version);
        var root = CommandDeclaration.Group(name, commands);
        var help = new HelpOption();
        var helpAction = new ExamplesHelpAction((HelpAction)help.Action!, manuals.Attach(root));
        help.Action = helpAction;
        root.Options.Add(help);
        root.Options.Add(version);
        root.SetAction(helpAction.Invoke);
        foreach (var group in Descendants(root).Where(c => c.Subcommands.Count > 0 && c.Action is null))
        {
            group.SetAction(helpAction.Invoke);
        }
        return root;
    }

    private static IEnumerable<Command> Descendants(Command command)
    {
        foreach (var child in command.Subcommands)
        {
            yield return child;
            foreach (var grandchild in Descendants(child))
            {
                yield return grandchild;
            }
        }
    }
}
