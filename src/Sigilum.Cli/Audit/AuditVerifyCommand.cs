using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Sigilum.Cli.Remote;
using Sigilum.Protocol.Audit;
using Sigilum.Protocol.Errors;
using Spectre.Console;

namespace Sigilum.Cli.Audit;

/// <summary>
/// <c>sigilum audit verify</c>: checks the gateway's hash-chained audit log against its signed checkpoints
/// (and, with <c>--witness</c>, the control plane's latest witnessed checkpoint), naming the first bad record.
/// </summary>
internal static class AuditVerifyCommand
{
    public static Command Create(CliContext context)
    {
        var directory = new Option<string?>("--audit-dir") { Description = "The audit directory [default: $SIGILUM_HOME/gateway/audit].", HelpName = "dir" };
        var witness = new Option<bool>("--witness") { Description = "Also compare with the control plane's latest witnessed checkpoint for this gateway (owner sign-in)." };
        var owner = new OwnerOptions();
        owner.Namespace.Description = "Namespace of the gateway identity whose key signs the checkpoints [default: the only gateway identity].";
        return CommandDeclaration.Define("verify", [directory, witness, .. owner.Symbols]).WithAction(async (parseResult, cancellationToken) =>
        {
            var home = parseResult.GetValue(owner.Home);
            var paths = context.ResolvePaths(home);
            var files = GatewayAuditFiles.For(context, paths, parseResult.GetValue(directory));
            var log = GatewayAuditFiles.ReadShared(files.LogFile, "audit log");
            var identity = GatewayAuditFiles.LoadGatewayIdentity(context, paths, parseResult.GetValue(owner.Namespace));
            var publicKey = GatewayAuditFiles.PublicKey(identity);
            var (checkpoints, badCheckpoint) = ReadCheckpoints(files.CheckpointFile);
            JsonObject? witnessed = null;
            if (parseResult.GetValue(witness))
            {
                (witnessed, var checkpoint) = await FetchWitnessAsync(context, parseResult, owner, identity.PublicKey, checkpoints, cancellationToken);
                if (checkpoint is not null)
                {
                    checkpoints.Add(checkpoint);
                }
            }
            var result = badCheckpoint is not null
                ? new AuditVerification { Valid = false, Error = new Protocol.ProtocolError(ErrorCatalogue.AuditCheckpointInvalid, badCheckpoint), RecordsVerified = 0, Head = AuditChainHead.Genesis }
                : AuditChainVerifier.Verify(log, new AuditVerifyOptions { TrustedKeys = [publicKey], Checkpoints = checkpoints });
            var intact = result.Valid && !result.TornTail;
            context.Output.Report(owner.AsJson(parseResult), () => new JsonObject
            {
                ["command"] = "audit verify",
                ["directory"] = files.Directory,
                ["valid"] = intact,
                ["records"] = result.RecordsVerified,
                ["checkpoints"] = checkpoints.Count,
                ["checkpoints_matched"] = result.CheckpointsMatched,
                ["head"] = new JsonObject { ["seq"] = result.Head.Seq, ["hash"] = result.Head.Hash },
                ["torn_tail"] = result.TornTail ? new JsonObject { ["line"] = result.TornTailLine, ["offset"] = result.TornTailOffset } : null,
                ["error"] = result.Error is { } e ? new JsonObject { ["code"] = e.Code, ["reason"] = e.Reason, ["seq"] = result.FailedSeq, ["line"] = result.FailedLine } : null,
                ["witness"] = witnessed,
            }, output => Print(context, files, result, checkpoints.Count, witnessed));
            return intact ? ExitCodes.Ok : ExitCodes.CheckFailed;
        });
    }

    /// <summary>Every checkpoint line, or the reason the first bad one fails (a malformed checkpoint is itself tampering).</summary>
    private static (List<AuditCheckpoint> Checkpoints, string? Problem) ReadCheckpoints(string path)
    {
        if (!File.Exists(path))
        {
            return ([], null);
        }
        // A last line without its newline is a checkpoint cut short by a crash; earlier ones are not (AuditLines).
        var lines = AuditFileParser.Checkpoints(GatewayAuditFiles.ReadShared(path, "checkpoint file"));
        return lines.FirstInvalidLine is { } line
            ? ([.. lines.Entries], $"{Path.GetFileName(path)} line {line}: {lines.FirstInvalidReason}")
            : ([.. lines.Entries], null);
    }

    private static async Task<(JsonObject Report, AuditCheckpoint? Checkpoint)> FetchWitnessAsync(
        CliContext context, ParseResult parseResult, OwnerOptions owner, string gatewayKey, List<AuditCheckpoint> local, CancellationToken cancellationToken)
    {
        using var session = owner.Open(context, parseResult);
        var nodeId = local.LastOrDefault(c => c.Node.StartsWith("gw_", StringComparison.Ordinal))?.Node;
        if (nodeId is null)
        {
            var nodes = await session.Client.SendAsync(HttpMethod.Get, session.NamespacePath + "/nodes", null, cancellationToken);
            nodeId = ApiViews.NodeWithKey(nodes, gatewayKey)?.Id
                ?? throw new CliException(ExitCodes.NotFound, "This gateway's key is not a registered node, so nothing can have been witnessed; see: sigilum doctor");
        }
        var latest = await session.Client.TrySendAsync(HttpMethod.Get, "/v1/witness/nodes/" + ApiClient.Segment(nodeId) + "/latest", null, cancellationToken);
        if (latest.Status == 404)
        {
            return (new JsonObject { ["node_id"] = nodeId, ["witnessed"] = false }, null);
        }
        if (!latest.IsSuccess)
        {
            throw ApiProblems.ToException(latest, ownerCall: true);
        }
        var text = latest.Body?["checkpoint"]?.GetValue<string>() ?? throw new CliException(ExitCodes.InvalidData, "The witness answered without a checkpoint.");
        var parsed = AuditCheckpoint.Parse(text);
        if (!parsed.IsSuccess)
        {
            throw new CliException(ExitCodes.InvalidData, $"The witnessed checkpoint does not parse: {parsed.Error!.Reason}");
        }
        return (new JsonObject
        {
            ["node_id"] = nodeId,
            ["witnessed"] = true,
            ["seq"] = parsed.Value!.Seq,
            ["head"] = parsed.Value.Head,
            ["received_at"] = latest.Body?["received_at"]?.DeepClone(),
        }, parsed.Value);
    }

    private static void Print(CliContext context, GatewayAuditFiles files, AuditVerification result, int checkpoints, JsonObject? witness)
    {
        var console = context.Output.Console;
        var witnessText = witness is null ? string.Empty
            : witness["witnessed"]!.GetValue<bool>() ? $"; witnessed up to seq {witness["seq"]}"
            : "; the control plane has witnessed nothing for this gateway yet";
        if (result.Valid && !result.TornTail)
        {
            console.MarkupLine($"[green]intact[/] {Markup.Escape(files.LogFile)}: {result.RecordsVerified.ToString(CultureInfo.InvariantCulture)} records, " +
                $"{checkpoints} signed checkpoint{(checkpoints == 1 ? string.Empty : "s")} ({result.CheckpointsMatched} matched), head seq {result.Head.Seq}{Markup.Escape(witnessText)}.");
            return;
        }
        if (result.Valid)
        {
            console.MarkupLine($"[yellow]torn tail[/] {Markup.Escape(files.LogFile)}: {result.RecordsVerified} records verified, then line {result.TornTailLine} " +
                $"is only partly written (a crash mid-write); truncate the file at byte {result.TornTailOffset} before anything is appended.");
            return;
        }
        var where = (result.FailedSeq, result.FailedLine) switch
        {
            ({ } seq, { } line) => $" at seq {seq} (line {line})",
            ({ } seq, null) => $" at seq {seq}",
            _ => string.Empty,
        };
        console.MarkupLine($"[red]broken[/] {Markup.Escape(files.LogFile)}{Markup.Escape(where)}: {Markup.Escape(result.Error!.Reason)} ({Markup.Escape(result.Error.Code)}); " +
            $"{result.RecordsVerified} records before it verified{Markup.Escape(witnessText)}.");
    }
}
