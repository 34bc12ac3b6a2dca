using System.Text.Json;
using System.Text.Json.Nodes;
using Sigilum.Core.Audit;

namespace Sigilum.Core.Generations;

/// <summary>
/// Rollback detection for a data-plane node's database (reliability STO-15, docs/decisions/0023): the database
/// keeps a monotonic generation, and every raise is also a durable <see cref="RecordType"/> record in the node's
/// hash-chained audit log, whose checkpoints the control plane witnesses. A database whose generation is below the
/// last audited one was restored from an older copy.
/// </summary>
public static class StoreGenerationCheck
{
    /// <summary>The audit record of each raise: <c>{"generation": n, "reason": "start"|"stop"}</c>.</summary>
    public const string RecordType = "store.generation";

    /// <summary>The audit record of an operator accepting a rolled-back database.</summary>
    public const string RollbackAcceptedType = "store.rollback_accepted";

    /// <summary>
    /// Compares the database's generation with the last one in <paramref name="log"/> (read from
    /// <paramref name="auditDirectory"/>), refuses a rollback unless <paramref name="acceptRollback"/> (then audits
    /// the acceptance), raises the generation past both and audits the new value durably. Call it right after the
    /// log is opened and before anything is released.
    /// </summary>
    /// <returns>The new generation.</returns>
    /// <exception cref="StoreRollbackException">The database is older than the audit log and the rollback was not accepted.</exception>
    /// <exception cref="IOException">The audit log cannot be written (the caller refuses releases anyway).</exception>
    public static async Task<long> VerifyAndAdvanceAsync(AuditLog log, string auditDirectory, IStoreGenerationStore store, bool acceptRollback, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(store);
        var audited = LastAudited(auditDirectory);
        var current = await store.GetAsync(cancellationToken).ConfigureAwait(false);
        if (current < audited)
        {
            if (!acceptRollback)
            {
                throw new StoreRollbackException(current, audited);
            }
            // The confirmation is on record before the database moves on.
            await log.AppendAsync(RollbackAcceptedType, new JsonObject { ["db_generation"] = current, ["audited_generation"] = audited }, durable: true).ConfigureAwait(false);
        }
        return await AdvanceAsync(log, store, audited, "start", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Raises the generation again (at a clean stop), so a copy of the database taken while the node ran is older
    /// than the log once the node stopped.
    /// </summary>
    public static Task<long> AdvanceAsync(AuditLog log, IStoreGenerationStore store, string reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(store);
        return AdvanceAsync(log, store, 0, reason, cancellationToken);
    }

    /// <summary>The generation of the last <see cref="RecordType"/> record in the directory's <c>audit.jsonl</c>; 0 when none.</summary>
    public static long LastAudited(string auditDirectory)
    {
        var path = Path.Combine(auditDirectory, AuditLogOptions.LogFileName);
        if (!File.Exists(path))
        {
            return 0;
        }
        long last = 0;
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        while (reader.ReadLine() is { } line)
        {
            // Cheap filter first: most lines are releases and outcomes.
            if (!line.Contains(RecordType, StringComparison.Ordinal))
            {
                continue;
            }
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            if (root.TryGetProperty("type", out var type) && type.ValueEquals(RecordType) &&
                root.TryGetProperty("generation", out var generation) && generation.TryGetInt64(out var value))
            {
                last = Math.Max(last, value);
            }
        }
        return last;
    }

    // Database first, then the audit record: a crash in between leaves the database ahead of the log, which is
    // harmless; the other order would leave the log ahead and look like a rollback at the next start.
    private static async Task<long> AdvanceAsync(AuditLog log, IStoreGenerationStore store, long audited, string reason, CancellationToken cancellationToken)
    {
        var next = await store.AdvanceAsync(audited + 1, cancellationToken).ConfigureAwait(false);
        await log.AppendAsync(RecordType, new JsonObject { ["generation"] = next, ["reason"] = reason }, durable: true).ConfigureAwait(false);
        return next;
    }
}
