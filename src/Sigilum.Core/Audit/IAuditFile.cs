namespace Sigilum.Core.Audit;

/// <summary>
/// An append-only file as the writer loop sees it. Exists so tests can count syncs, hold a sync
/// open, or fail a write (disk full) without a real faulty disk.
/// </summary>
internal interface IAuditFile : IDisposable
{
    /// <summary>Appends the bytes at the end of the records (one write call per batch).</summary>
    void Write(ReadOnlySpan<byte> bytes);

    /// <summary>Makes everything written so far durable (<c>fdatasync</c>; one per group commit).</summary>
    void Flush();

    /// <summary>
    /// Throws <see cref="IOException"/> when the file's path no longer names the open file (deleted,
    /// renamed or replaced, reliability STO-04); called before every batch is written.
    /// </summary>
    void EnsureUnchanged();

    /// <summary>
    /// A clean close, after the last <see cref="Flush"/>: cuts any space preallocated past the last record
    /// and syncs that, so a closed log is exactly its records. Not called when the log failed.
    /// </summary>
    void Complete();
}
