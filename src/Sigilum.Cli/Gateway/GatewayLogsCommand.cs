using System.CommandLine;
using System.Text;

namespace Sigilum.Cli.Gateway;

/// <summary><c>sigilum gateway logs [-f]</c>: the background gateway's log (decision lines, warnings).</summary>
internal static class GatewayLogsCommand
{
    private static readonly TimeSpan FollowInterval = TimeSpan.FromMilliseconds(250);

    public static Command Create(CliContext context)
    {
        var home = CommonOptions.Home();
        var follow = new Option<bool>("--follow", "-f") { Description = "Keep printing new lines until Ctrl+C." };
        var lines = new Option<int>("--lines", "-n") { Description = "How many of the last lines to print first [default: 50].", DefaultValueFactory = _ => 50, HelpName = "n" };
        return CommandDeclaration.Define("logs", home, follow, lines).WithAction(async (parseResult, cancellationToken) =>
        {
            var paths = context.ResolvePaths(parseResult.GetValue(home));
            var file = paths.GatewayLog;
            if (!File.Exists(file))
            {
                throw new CliException(ExitCodes.NotFound, $"No gateway log yet ({file}); start one with: sigilum gateway start --detach");
            }
            await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var last = Math.Max(0, parseResult.GetValue(lines));
            foreach (var line in await TailAsync(stream, last, cancellationToken))
            {
                context.Output.Out.WriteLine(line);
            }
            if (!parseResult.GetValue(follow))
            {
                return ExitCodes.Ok;
            }
            using var reader = new StreamReader(stream, Encoding.UTF8);
            try
            {
                while (!cancellationToken.IsCancellationRequested)
                {
                    var line = await reader.ReadLineAsync(cancellationToken);
                    if (line is null)
                    {
                        await Task.Delay(FollowInterval, cancellationToken);
                        continue;
                    }
                    context.Output.Out.WriteLine(line);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Ctrl+C ends following; that is the normal way out.
            }
            return ExitCodes.Ok;
        });
    }

    /// <summary>The last <paramref name="count"/> lines; leaves the stream at its end for following.</summary>
    private static async Task<IReadOnlyList<string>> TailAsync(Stream stream, int count, CancellationToken cancellationToken)
    {
        var tail = new Queue<string>();
        using (var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, leaveOpen: true))
        {
            while (await reader.ReadLineAsync(cancellationToken) is { } line)
            {
                tail.Enqueue(line);
                if (tail.Count > count)
                {
                    tail.Dequeue();
                }
            }
        }
        return [.. tail];
    }
}
