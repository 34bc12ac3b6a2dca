using System.CommandLine;

namespace Sigilum.Vault.Cli.Audit;

/// <summary><c>sigil-vault audit tail|verify</c>.</summary>
internal static class AuditCommand
{
    public static Command Create(VaultCliContext context)
    {
        return context.Examples.Group("audit", "Show and verify the hash-chained audit log.",
            new CommandManual(
                "<home>/vault/audit/audit.jsonl holds one JSON record per line {v, seq, ts, prev, type, …, hash}: vault.deny for refusals, " +
                "vault.release (fsynced before a credential is fetched; links the attestation jti/iss/kid/intentHash) and vault.outcome " +
                "(links the release seq). checkpoints.jsonl holds Ed25519-signed heads by node.key, kept apart.",
                "sigil-vault audit tail -n 20",
                "sigil-vault audit tail --follow",
                "sigil-vault audit verify --json"),
            AuditTailCommand.Create(context), AuditVerifyCommand.Create(context));
    }
}
