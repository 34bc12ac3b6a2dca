using Sigilum.Protocol.Audit;
using Sigilum.Protocol.Keys;

namespace Sigilum.Core.Audit;

/// <summary>Where an <see cref="AuditLog"/> lives, who signs its checkpoints, and how often.</summary>
public sealed record AuditLogOptions
{
    /// <summary>The file name of the record log inside <see cref="Directory"/>.</summary>
    public const string LogFileName = "audit.jsonl";

    /// <summary>The file name of the signed checkpoints inside <see cref="Directory"/>.</summary>
    public const string CheckpointFileName = "checkpoints.jsonl";

    /// <summary>The file held locked by the open writer so a second writer on the same directory fails.</summary>
    public const string LockFileName = "audit.lock";

    /// <summary>The directory holding <c>audit.jsonl</c> and <c>checkpoints.jsonl</c>; created (0700) if missing.</summary>
    public required string Directory { get; init; }

    /// <summary>This node's id (gateway or vault instance), written into every checkpoint.</summary>
    public required string NodeId { get; init; }

    /// <summary>The node's key; signs checkpoints and is the key they are verified against on open. The caller keeps ownership.</summary>
    public required Ed25519KeyPair SigningKey { get; init; }

    /// <summary>Write a checkpoint once this many records were appended since the last one.</summary>
    public int CheckpointEveryRecords { get; init; } = 1000;

    /// <summary>Write a checkpoint once this much time passed since the last one, if any record was appended.</summary>
    public TimeSpan CheckpointInterval { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Most records written (and synced) as one batch.</summary>
    public int MaxBatchRecords { get; init; } = 4096;

    /// <summary>
    /// Longest an append may wait for its write (and fsync) before the log is declared failed
    /// (reliability STO-03: a blocked sink denies with 503 instead of hanging every request).
    /// <see cref="Timeout.InfiniteTimeSpan"/> disables it. Measured on <see cref="TimeProvider"/>.
    /// </summary>
    public TimeSpan WriteTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The clock for record times, checkpoint times and the checkpoint interval.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>
    /// Called on the writer loop after each checkpoint is durably written, so the host can send it
    /// to the control plane's witness. Must not block (queue the send); exceptions are ignored.
    /// </summary>
    public Action<AuditCheckpoint>? CheckpointWritten { get; init; }

    /// <summary>
    /// Called on the appending thread once a record has its place in the chain (before it is on disk), so a host can
    /// count and report what it audits from the audit itself (the vault's metrics and usage events, ADR 0061). Must be
    /// cheap and must not block; exceptions are ignored.
    /// </summary>
    public Action<AuditRecord>? RecordAppended { get; init; }

    /// <summary>
    /// The record log is zero-filled ahead in steps of this many bytes, so a group commit is an <c>fdatasync</c>
    /// of data only (ADR 0031); 0 grows the file with each write (every sync then commits a size change too).
    /// The zeros are cut off again at a clean close.
    /// </summary>
    public long PreallocationBytes { get; init; } = AuditFile.DefaultPreallocationBytes;

    /// <summary>
    /// Test seam: opens a file for appending; null opens the real files (<see cref="AuditFile.OpenForAppend"/>,
    /// the record log with <see cref="PreallocationBytes"/>, the checkpoints without preallocation).
    /// </summary>
    internal Func<string, IAuditFile>? OpenFile { get; init; }

    /// <summary>Test seam: makes a directory's entries durable (default <see cref="DirectorySync.Sync"/>).</summary>
    internal Action<string> SyncDirectory { get; init; } = DirectorySync.Sync;
}
