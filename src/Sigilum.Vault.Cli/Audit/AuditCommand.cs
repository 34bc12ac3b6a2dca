using System.CommandLine;
using System.Text;
using System.Text.Json.Nodes;

namespace Sigilum.Vault.Cli.Audit;

/// <summary><c>sigil-vault audit tail|verify</c>.</summary>
internal static class AuditCommand
{
    public static Command Create(VaultCliContext context)
    {
        var command = new Command("audit", "Show and verify the hash-chained audit log.") { Tail(context), Verify(context) };
        context.Examples.AddDetails(command,
            "<home>/vault/audit/audit.jsonl holds one JSON record per line {v, seq, ts, prev, type, …, hash}: vault.deny for refusals, " +
            "vault.release (fsynced before a credential is fetched; links the attestation jti/iss/kid/intentHash) and vault.outcome " +
            "(links the release seq). checkpoints.jsonl holds Ed25519-signed heads by node.key, kept apart.");
        context.Examples.Add(command, "sigil-vault audit tail -n 20", "sigil-vault audit tail --follow", "sigil-vault audit verify --json");
        return command;
    }

    private static Command Tail(VaultCliContext context)
    {
        var lines = new Option<int>("--lines", "-n") { Description = "How many of the last records to print [default: 10].", DefaultValueFactory = _ => 10, HelpName = "n" };
        var follow = new Option<bool>("--follow", "-f") { Description = "Keep printing records as they are appended (Ctrl+C stops)." };
        var home = CommonOptions.Home();
        var command = new Command("tail", "Print the last records (JSON lines), optionally following new ones.") { lines, follow, home };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var paths = context.Paths(parseResult, home);
            var path = AuditFiles.LogPath(paths);
            var bytes = AuditFiles.ReadShared(path);
            var text = Encoding.UTF8.GetString(bytes);
            var complete = text.LastIndexOf('\n') + 1;
            var all = text[..complete].Split('\n', StringSplitOptions.RemoveEmptyEntries);
            foreach (var line in all.Skip(Math.Max(0, all.Length - Math.Max(0, parseResult.GetValue(lines)))))
            {
                context.Output.Out.WriteLine(line);
            }
            if (!parseResult.GetValue(follow))
            {
                return ExitCodes.Ok;
            }
            long offset = Encoding.UTF8.GetByteCount(text[..complete]);
            try
            {
                while (true)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(500), context.Environment.Time, cancellationToken);
                    var now = AuditFiles.ReadShared(path);
                    if (now.Length <= offset)
                    {
                        continue;
                    }
                    var fresh = now.AsSpan((int)offset);
                    var end = fresh.LastIndexOf((byte)'\n') + 1;
                    if (end > 0)
                    {
                        context.Output.Out.Write(Encoding.UTF8.GetString(fresh[..end]));
                        context.Output.Out.Flush();
                        offset += end;
                    }
                }
            }
            catch (OperationCanceledException)
            {
                return ExitCodes.Ok;
            }
        });
        return command;
    }

    private static Command Verify(VaultCliContext context)
    {
        var home = CommonOptions.Home();
        var json = CommonOptions.Json();
        var command = new Command("verify", "Verify the chain and the signed checkpoints; name the first bad record.") { home, json };
        context.Examples.AddDetails(command,
            "Exit 0 when every record and checkpoint verifies (a torn last line from a crash is reported but not an error), 1 at the first " +
            "edited, reordered, deleted or missing record (truncation below the last checkpoint included), 3 when the vault is not initialised.");
        command.SetAction((parseResult, cancellationToken) =>
        {
            var paths = context.Paths(parseResult, home);
            if (!File.Exists(paths.NodeKey))
            {
                throw new CliException(ExitCodes.NotFound, $"No vault in {paths.Directory}; run: sigil-vault init");
            }
            Protocol.Audit.AuditVerification result;
            try
            {
                result = AuditFiles.Verify(paths);
            }
            catch (InvalidOperationException ex)
            {
                throw new CliException(ExitCodes.InvalidData, ex.Message);
            }
            if (parseResult.GetValue(json))
            {
                context.Output.WriteJson(new JsonObject
                {
                    ["command"] = "audit verify",
                    ["valid"] = result.Valid,
                    ["records"] = result.RecordsVerified,
                    ["checkpointsMatched"] = result.CheckpointsMatched,
                    ["code"] = result.Code,
                    ["reason"] = result.Error?.Reason,
                    ["failedSeq"] = result.FailedSeq,
                    ["failedLine"] = result.FailedLine,
                    ["tornTail"] = result.TornTail,
                    ["tornTailOffset"] = result.TornTailOffset,
                    ["head"] = result.Head.Hash,
                });
            }
            else if (result.Valid)
            {
                context.Output.Out.WriteLine($"ok: {result.RecordsVerified} records, {result.CheckpointsMatched} checkpoints matched, head {result.Head.Hash}.");
                if (result.TornTail)
                {
                    context.Output.WriteWarning($"the log ends in a torn line at byte {result.TornTailOffset} (a crash mid-append); the proxy repairs it on start.");
                }
            }
            else
            {
                context.Output.Out.WriteLine($"FAILED at line {result.FailedLine?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"} (seq {result.FailedSeq?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"}): {result.Code}: {result.Error?.Reason}");
            }
            return Task.FromResult(result.Valid ? ExitCodes.Ok : ExitCodes.CheckFailed);
        });
        return command;
    }
}
