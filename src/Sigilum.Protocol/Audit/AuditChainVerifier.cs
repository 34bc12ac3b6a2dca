using Sigilum.Protocol.Errors;

namespace Sigilum.Protocol.Audit;

/// <summary>
/// Verifies an audit log line by line, with no file I/O: each line parses (bounded, canonical,
/// known <c>v</c>), its <c>hash</c> matches its content, <c>seq</c> runs +1 from the start,
/// <c>prev</c> links to the previous <c>hash</c>, <c>ts</c> never decreases; each checkpoint is
/// signed by a trusted key and names the same head as the record at its <c>seq</c>; and the log
/// is not shorter than the latest checkpoint. Stops at the first failure.
/// </summary>
/// <remarks>
/// Use <see cref="Verify(ReadOnlySpan{byte}, AuditVerifyOptions?)"/> for a whole log in memory, or
/// feed lines to an instance (<see cref="AddLine"/>, then <see cref="Complete"/>) to stream a large
/// file in constant memory. Checkpoints are checked first, so a forged checkpoint is reported
/// before any chain error.
/// </remarks>
public sealed partial class AuditChainVerifier
{
    private readonly Dictionary<long, List<AuditCheckpoint>> _checkpointsBySeq = [];
    private readonly long _latestCheckpointSeq;
    private AuditChainHead _head;
    private long _records;
    private long _lines;
    private int _checkpointsMatched;
    private AuditVerification? _failure;

    /// <summary>Creates a verifier and checks the checkpoints' signatures and keys.</summary>
    public AuditChainVerifier(AuditVerifyOptions? options = null)
    {
        options ??= new AuditVerifyOptions();
        _head = options.Start;
        _latestCheckpointSeq = -1;
        foreach (var checkpoint in options.Checkpoints)
        {
            var problem = CheckCheckpoint(checkpoint, options);
            if (problem is not null)
            {
                _failure = Failure(ErrorCatalogue.AuditCheckpointInvalid, $"checkpoint at seq {checkpoint.Seq}: {problem}", checkpoint.Seq, line: null);
                return;
            }
            if (checkpoint.Seq < _head.Seq)
            {
                continue; // Covers an earlier segment; nothing here to compare it with.
            }
            if (checkpoint.Seq == _head.Seq)
            {
                if (!string.Equals(checkpoint.Head, _head.Hash, StringComparison.Ordinal))
                {
                    _failure = Failure(ErrorCatalogue.AuditCheckpointMismatch, $"checkpoint at seq {checkpoint.Seq} does not match the start head", checkpoint.Seq, line: null);
                    return;
                }
                _checkpointsMatched++;
                continue;
            }
            if (!_checkpointsBySeq.TryGetValue(checkpoint.Seq, out var list))
            {
                _checkpointsBySeq[checkpoint.Seq] = list = [];
            }
            list.Add(checkpoint);
            _latestCheckpointSeq = Math.Max(_latestCheckpointSeq, checkpoint.Seq);
        }
    }

    /// <summary>True once a failure has been found; further lines are ignored.</summary>
    public bool HasFailed => _failure is not null;

    /// <summary>
    /// Checks the next complete line (its bytes without the <c>\n</c>). Returns false once the log
    /// has failed; stop feeding it then. A line longer than <see cref="AuditRecord.MaxLineBytes"/>
    /// may be passed cut to <c>MaxLineBytes + 1</c> bytes: it fails either way.
    /// </summary>
    public bool AddLine(ReadOnlySpan<byte> line)
    {
        if (_failure is not null)
        {
            return false;
        }
        _lines++;
        var expectedSeq = _head.Seq + 1;
        var parsed = AuditRecord.Parse(line);
        if (!parsed.IsSuccess)
        {
            _failure = Failure(parsed.Error.Code, $"line {_lines}: {parsed.Error.Reason}", expectedSeq, _lines);
            return false;
        }
        var record = parsed.Value;

        // Order matters only for the code reported: a deleted, inserted or swapped record shows as
        // a seq gap; a record re-numbered to fit shows as a prev mismatch.
        string? code = null;
        string? reason = null;
        if (record.Seq != expectedSeq)
        {
            (code, reason) = (ErrorCatalogue.AuditSequenceGap, $"expected seq {expectedSeq}, found {record.Seq}");
        }
        else if (!string.Equals(record.Prev, _head.Hash, StringComparison.Ordinal))
        {
            (code, reason) = (ErrorCatalogue.AuditPrevMismatch, $"record {record.Seq}: 'prev' is not the previous record's hash");
        }
        else if (_head.Timestamp is { } previous && record.Timestamp < previous)
        {
            (code, reason) = (ErrorCatalogue.AuditTimestampRegression, $"record {record.Seq}: 'ts' is earlier than the previous record's");
        }
        else if (_checkpointsBySeq.TryGetValue(record.Seq, out var checkpoints))
        {
            foreach (var checkpoint in checkpoints)
            {
                if (!string.Equals(checkpoint.Head, record.Hash, StringComparison.Ordinal))
                {
                    (code, reason) = (ErrorCatalogue.AuditCheckpointMismatch, $"record {record.Seq}: hash differs from the signed checkpoint of node '{checkpoint.Node}'");
                    break;
                }
                _checkpointsMatched++;
            }
        }
        if (code is not null)
        {
            _failure = Failure(code, $"line {_lines}: {reason}", expectedSeq, _lines);
            return false;
        }

        _head = record.Head;
        _records++;
        return true;
    }

    /// <summary>
    /// Finishes verification. Pass <paramref name="tornTail"/> = true when the log ended in bytes
    /// after the last newline (an incomplete line, not given to <see cref="AddLine"/>), and its
    /// starting byte offset when known.
    /// </summary>
    public AuditVerification Complete(bool tornTail = false, long? tornTailOffset = null)
    {
        var result = _failure ?? CompleteChain();
        return tornTail
            ? result with { TornTail = true, TornTailLine = _lines + 1, TornTailOffset = tornTailOffset }
            : result;
    }

    private AuditVerification CompleteChain()
    {
        if (_latestCheckpointSeq > _head.Seq)
        {
            // A torn final record counts as missing too: a checkpoint is only signed after its
            // record was durably written, so the log really lost it.
            return Failure(ErrorCatalogue.AuditTruncated,
                $"log ends at seq {_head.Seq} but a signed checkpoint covers seq {_latestCheckpointSeq}",
                _head.Seq + 1, line: null);
        }
        return new AuditVerification
        {
            Valid = true,
            RecordsVerified = _records,
            Head = _head,
            CheckpointsMatched = _checkpointsMatched,
        };
    }

    private AuditVerification Failure(string code, string reason, long? seq, long? line) => new()
    {
        Valid = false,
        Error = new ProtocolError(code, reason),
        RecordsVerified = _records,
        FailedSeq = seq,
        FailedLine = line,
        Head = _head,
        CheckpointsMatched = _checkpointsMatched,
    };

    private static string? CheckCheckpoint(AuditCheckpoint checkpoint, AuditVerifyOptions options)
    {
        if (options.ExpectedNode is { } node && !string.Equals(checkpoint.Node, node, StringComparison.Ordinal))
        {
            return $"signed for node '{checkpoint.Node}', not '{node}'";
        }
        var trusted = false;
        foreach (var key in options.TrustedKeys)
        {
            trusted |= key.AsSpan().SequenceEqual(checkpoint.PublicKey);
        }
        if (!trusted)
        {
            return "signed by a key that is not trusted";
        }
        return checkpoint.VerifySignature() ? null : "signature does not verify";
    }
}
