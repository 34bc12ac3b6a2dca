using System.Buffers;
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

    private const int ReadBufferBytes = 64 * 1024;

    private static ReadOnlySpan<byte> RecordTypeUtf8 => "store.generation"u8;

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
    /// <remarks>
    /// Read as bytes up to the first zero byte: an open log is preallocated ahead with zeros (ADR 0031, 4 MiB by
    /// default), and no record holds a raw zero byte. A text reader took those zeros for one 4-million-character line:
    /// ~25 MB of large-object garbage (its growing buffers and the line's string) at every gateway and vault start,
    /// which stayed committed in the process (issue #13, docs/perf/gateway-fifth-pass.md). Zeros anywhere but the tail
    /// are refused by the log's recovery when it opens, before this runs.
    /// </remarks>
    public static long LastAudited(string auditDirectory)
    {
        var path = Path.Combine(auditDirectory, AuditLogOptions.LogFileName);
        if (!File.Exists(path))
        {
            return 0;
        }
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 0);
        var buffer = ArrayPool<byte>.Shared.Rent(ReadBufferBytes);
        try
        {
            long last = 0;
            var filled = 0;
            while (true)
            {
                if (filled == buffer.Length)
                {
                    // One line longer than the buffer: keep it whole.
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, filled).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
                var read = stream.Read(buffer, filled, buffer.Length - filled);
                var end = filled + read;
                var start = 0;
                int stop;
                while ((stop = buffer.AsSpan(start, end - start).IndexOfAny((byte)'\n', (byte)0)) >= 0)
                {
                    last = Math.Max(last, GenerationOf(buffer.AsSpan(start, stop)));
                    if (buffer[start + stop] == 0)
                    {
                        return last;
                    }
                    start += stop + 1;
                }
                if (read == 0)
                {
                    // A last line without its newline counts, as it did for a line reader.
                    return Math.Max(last, GenerationOf(buffer.AsSpan(start, end - start)));
                }
                buffer.AsSpan(start, end - start).CopyTo(buffer);
                filled = end - start;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    // The generation a store.generation line carries; 0 for any other line.
    private static long GenerationOf(ReadOnlySpan<byte> line)
    {
        // Cheap filter first: most lines are releases and outcomes.
        if (line.IndexOf(RecordTypeUtf8) < 0)
        {
            return 0;
        }
        using var document = JsonDocument.Parse(line.TrimEnd((byte)'\r').ToArray());
        var root = document.RootElement;
        return root.TryGetProperty("type", out var type) && type.ValueEquals(RecordType) &&
            root.TryGetProperty("generation", out var generation) && generation.TryGetInt64(out var value)
            ? value
            : 0;
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
