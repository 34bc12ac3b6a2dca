using System.Text.Json.Nodes;

namespace Sigilum.Protocol.Audit;

/// <summary>
/// The in-memory end of a hash-chained audit log: holds the head (last <c>seq</c>, <c>hash</c> and
/// time) and turns <c>(type, fields)</c> into the next <see cref="AuditRecord"/>. It does no I/O:
/// the caller writes <see cref="AuditRecord.Line"/> durably before acting on the event.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="Append(string, JsonObject?)"/> advances the head as soon as it returns. If the caller then fails to write
/// the line, the log and this object disagree: treat the log as failed (refuse the request, as
/// DESIGN §4 requires) and build a new chain with <see cref="Resume(AuditRecord, TimeProvider)"/>
/// from what was verifiably written, rather than appending further.
/// </para>
/// <para>Safe to call from several threads; appends are serialised by a lock.</para>
/// </remarks>
public sealed class AuditChain
{
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private AuditChainHead _head;

    private AuditChain(AuditChainHead head, TimeProvider time)
    {
        _head = head;
        _time = time;
    }

    /// <summary>The head after the last appended record (<see cref="AuditChainHead.Genesis"/> for a fresh log).</summary>
    public AuditChainHead Head
    {
        get
        {
            lock (_gate)
            {
                return _head;
            }
        }
    }

    /// <summary>Starts a fresh log whose first record will be <c>seq</c> 1 with <c>prev</c> = 64 zeros.</summary>
    public static AuditChain StartNew(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        return new AuditChain(AuditChainHead.Genesis, time);
    }

    /// <summary>
    /// Continues an existing log after its last complete record. Verify the log first (a torn or
    /// tampered tail must be repaired by the operator, not appended to).
    /// </summary>
    public static AuditChain Resume(AuditRecord lastRecord, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(lastRecord);
        return Resume(lastRecord.Head, time);
    }

    /// <summary>Continues a chain from a known head, e.g. the <see cref="AuditVerification.Head"/> of a verified log.</summary>
    public static AuditChain Resume(AuditChainHead head, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(head);
        ArgumentNullException.ThrowIfNull(time);
        if (head.Seq < 0 || !AuditHash.IsValid(head.Hash))
        {
            throw new ArgumentException("A chain head has a non-negative seq and a 64-hex-digit hash.", nameof(head));
        }
        return new AuditChain(head, time);
    }

    /// <summary>
    /// Appends a record of <paramref name="type"/> carrying <paramref name="fields"/> (copied; the
    /// caller keeps ownership). Field values must never be secrets (see <see cref="AuditRecord"/>).
    /// The record's time is the clock's, or the previous record's if the clock stepped backwards,
    /// so <c>ts</c> never decreases along the chain.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// The type is invalid, a field uses a reserved name (<c>v seq ts prev type hash</c>), or the
    /// record would be deeper than <see cref="AuditRecord.MaxDepth"/> or longer than
    /// <see cref="AuditRecord.MaxLineBytes"/>. The head does not move.
    /// </exception>
    public AuditRecord Append(string type, JsonObject? fields = null)
    {
        lock (_gate)
        {
            var record = AuditRecord.Create(_head.Seq + 1, Now(), _head.Hash, type, fields);
            _head = record.Head;
            return record;
        }
    }

    /// <summary>
    /// Appends a record of <paramref name="type"/> carrying typed <paramref name="fields"/> (a null-valued field is
    /// left out): the same record, byte for byte, as <see cref="Append(string, JsonObject?)"/> with those members,
    /// written without a JSON DOM. The hot path's overload.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// The type is invalid, a field uses a reserved name or a name twice, or the record would be longer than
    /// <see cref="AuditRecord.MaxLineBytes"/>. The head does not move.
    /// </exception>
    public AuditRecord Append(string type, params ReadOnlySpan<AuditField> fields)
    {
        lock (_gate)
        {
            var record = AuditRecord.Create(_head.Seq + 1, Now(), _head.Hash, type, fields);
            _head = record.Head;
            return record;
        }
    }

    // Called under the gate.
    private DateTimeOffset Now()
    {
        var now = _time.GetUtcNow();
        return _head.Timestamp is { } last && now < last ? last : now;
    }
}
