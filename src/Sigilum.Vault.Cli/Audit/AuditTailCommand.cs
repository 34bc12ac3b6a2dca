using System.CommandLine;
using System.Text;
using Sigilum.CommandLine.Audit;

namespace Sigilum.Vault.Cli.Audit;

/// <summary><c>sigil-vault audit tail [-n N] [-f]</c>: the last records as JSON lines, optionally following new ones.</summary>
internal static class AuditTailCommand
{
    public static Command Create(VaultCliContext context)
    {
        var lines = new Option<int>("--lines", "-n") { Description = "How many of the last records to print [default: 10].", DefaultValueFactory = _ => 10, HelpName = "n" };
        var follow = new Option<bool>("--follow", "-f") { Description = "Keep printing records as they are appended (Ctrl+C stops)." };
        var home = CommonOptions.Home();
        return CommandDeclaration.Define("tail", lines, follow, home).WithAction(async (parseResult, cancellationToken) =>
        {
            var paths = context.Paths(parseResult, home);
            var path = AuditFiles.LogPath(paths);
            var bytes = AuditFiles.ReadShared(path);
            var complete = AuditFileReader.CompleteLength(bytes);
            var all = Encoding.UTF8.GetString(bytes, 0, complete).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            foreach (var line in all.Skip(Math.Max(0, all.Length - Math.Max(0, parseResult.GetValue(lines)))))
            {
                context.Output.Out.WriteLine(line);
            }
            if (!parseResult.GetValue(follow))
            {
                return ExitCodes.Ok;
            }
            var appended = AuditFileReader.FollowAsync(path, complete, context.Environment.Time,
                () => context.Output.WriteWarning("the audit log became shorter; it was replaced or truncated. Run: sigil-vault audit verify"), cancellationToken);
            await foreach (var fresh in appended)
            {
                context.Output.Out.Write(Encoding.UTF8.GetString(fresh));
                context.Output.Out.Flush();
            }
            return ExitCodes.Ok;
        });
    }
}
