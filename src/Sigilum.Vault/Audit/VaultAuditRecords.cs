using Sigilum.Core.Audit;
using Sigilum.Protocol.Audit;

namespace Sigilum.Vault.Audit;

/// <summary>
/// The vault's three record shapes written from typed fields (ADR 0050, ADR 0060): no <c>JsonObject</c> per request.
/// The lines are byte for byte what the <c>JsonObject</c> records gave (<c>VaultAuditRecordsTests</c> keeps the old
/// shapes as the reference), so old logs, the verifier and every reader are unaffected. String members use
/// <see cref="AuditField.StringOrNull"/>: a null was written as a JSON <c>null</c> member, not left out.
/// </summary>
internal static class VaultAuditRecords
{
    /// <summary>Audit fields carry at most 256 characters of anything the agent chose.</summary>
    public static string? Truncate(string? value) => value is null ? null : value.Length <= 256 ? value : value[..256];

    /// <summary>
    /// The release record, durable (fsynced) before the credential exists (DESIGN §4, STO-01). Not cancelled by the
    /// request: a blocked sink is bounded by the log's <see cref="AuditLogOptions.WriteTimeout"/> watchdog (STO-03),
    /// which fails the log and this task, so no per-request timer or cancellation registration is needed.
    /// </summary>
    public static Task<AuditRecord> AppendReleaseAsync(AuditLog log, in VaultReleaseEntry entry) =>
        log.AppendAsync(VaultAuditTypes.Release, durable: true,
            AuditField.StringOrNull("agent", entry.AgentId),
            AuditField.StringOrNull("route", entry.Route.Id),
            AuditField.StringOrNull("backend", entry.Backend.Name),
            AuditField.StringOrNull("kind", entry.Backend.Kind),
            AuditField.StringOrNull("secret", entry.Route.SecretRef),
            AuditField.StringOrNull("jti", entry.Claims.Jti),
            AuditField.StringOrNull("iss", entry.Claims.Issuer),
            AuditField.StringOrNull("kid", entry.Claims.KeyId),
            AuditField.StringOrNull("intentHash", entry.Claims.IntentHash),
            AuditField.StringOrNull("policyHash", entry.Claims.PolicyHash),
            AuditField.StringOrNull("method", entry.Method),
            AuditField.StringOrNull("host", entry.Host),
            AuditField.Int64("port", entry.Port),
            AuditField.StringOrNull("path", entry.Path));

    /// <summary>What happened after a release; rides the next group commit (not synced on its own).</summary>
    public static Task<AuditRecord> AppendOutcomeAsync(AuditLog log, long releaseSeq, int status, string outcome, long bytes, bool reflected) =>
        log.AppendAsync(VaultAuditTypes.Outcome, durable: false,
            AuditField.Int64("release", releaseSeq),
            AuditField.Int64("status", status),
            AuditField.StringOrNull("outcome", outcome),
            AuditField.Int64("bytes", bytes),
            AuditField.Boolean("credentialReflected", reflected));

    /// <summary>
    /// A refusal before any credential was fetched (not synced on its own). <paramref name="extra"/> and
    /// <paramref name="extra2"/> add a member each (default: none); a name used twice is refused by the encoder.
    /// </summary>
    public static Task<AuditRecord> AppendDenyAsync(
        AuditLog log, string agentId, string method, string host, string? path, string code, int status, AuditField extra = default, AuditField extra2 = default) =>
        log.AppendAsync(VaultAuditTypes.Deny, durable: false,
            AuditField.StringOrNull("agent", agentId),
            AuditField.StringOrNull("method", Truncate(method)),
            AuditField.StringOrNull("host", Truncate(host)),
            AuditField.StringOrNull("path", Truncate(path)),
            AuditField.Int64("status", status),
            AuditField.StringOrNull("code", code),
            extra,
            extra2);
}
