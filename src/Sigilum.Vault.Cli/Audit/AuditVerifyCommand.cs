using System.CommandLine;
using System.Text.Json.Nodes;

namespace Sigilum.Vault.Cli.Audit;

/// <summary><c>sigil-vault audit verify</c>: the chain and the signed checkpoints; names the first bad record.</summary>
internal static class AuditVerifyCommand
{
    public static Command Create(VaultCliContext context)
    {
        var home = CommonOptions.Home();
        var json = CommonOptions.Json();
        return CommandDeclaration.Define("verify", home, json).WithAction((parseResult, cancellationToken) =>
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
    }
}
