using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Sigilum.Protocol.Audit;
using Sigilum.Vault.Audit;

namespace Sigilum.Vault.Admin;

/// <summary>
/// Reads what the vault audits, as it is appended (<see cref="Core.Audit.AuditLogOptions.RecordAppended"/>), and turns it
/// into metrics and finished-request reports (ADR 0061): what is counted and reported is exactly what is audited, and the
/// proxy's request path needs no second bookkeeping. A release is remembered until its outcome record names it; the
/// report then carries both. Only ids, the method, the path without its query and the status travel on; never a token,
/// secret reference or header. <paramref name="signerKey"/> names the attestation signer's public key for a <c>kid</c>
/// (without reloading anything: it runs on the audit writer's observer).
/// </summary>
internal sealed class VaultActivity(VaultMetrics metrics, Action<VaultRequestReport>? finished = null, Func<string?, string?>? signerKey = null)
{
    /// <summary>Releases waiting for their outcome at most; past this (an audit log that stopped taking outcomes) new ones are not tracked.</summary>
    public const int MaxOpenReleases = 10_000;

    private readonly ConcurrentDictionary<long, ReleaseFacts> _open = new();

    public VaultMetrics Metrics => metrics;

    /// <summary>The observer handed to the audit log: cheap, never throws into it (the log also guards).</summary>
    public void Observe(AuditRecord record)
    {
        metrics.AuditRecord();
        switch (record.Type)
        {
            case VaultAuditTypes.Release:
                metrics.Released();
                if (finished is not null && _open.Count < MaxOpenReleases)
                {
                    var fields = record.GetFields();
                    var kid = Text(fields, "kid");
                    _open[record.Seq] = new ReleaseFacts(Text(fields, "agent"), Text(fields, "route"), kid, Text(fields, "method"),
                        Text(fields, "path"), record.Timestamp, Text(fields, "backend"), signerKey?.Invoke(kid));
                }
                break;
            case VaultAuditTypes.Outcome:
                var outcome = record.GetFields();
                var status = Status(outcome);
                metrics.Outcome(status);
                if (Number(outcome, "release") is { } seq && _open.TryRemove(seq, out var release) && finished is not null)
                {
                    finished(new VaultRequestReport(release.Agent, release.Route, release.Kid, release.Method, release.Path, status,
                        record.Timestamp, (long)Math.Max(0, (record.Timestamp - release.At).TotalMilliseconds))
                    {
                        Backend = release.Backend,
                        SignerKey = release.SignerKey,
                    });
                }
                break;
            case VaultAuditTypes.Deny:
                metrics.Denied(Status(record.GetFields()));
                break;
        }
    }

    private static string? Text(JsonObject fields, string name) =>
        fields[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static long? Number(JsonObject fields, string name) =>
        fields[name] is JsonValue value && value.TryGetValue<long>(out var number) ? number : null;

    private static int? Status(JsonObject fields) => Number(fields, "status") is long status and >= 100 and <= 599 ? (int)status : null;

    private sealed record ReleaseFacts(string? Agent, string? Route, string? Kid, string? Method, string? Path, DateTimeOffset At, string? Backend, string? SignerKey);
}
