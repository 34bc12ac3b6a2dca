namespace Sigilum.Core.Audit;

/// <summary>
/// An append-only file as the writer loop sees it. Exists so tests can count flushes, hold a flush
/// open, or fail a write (disk full) without a real faulty disk.
/// </summary>
internal interface IAuditFile : IDisposable
{
    /// <summary>Appends the bytes at the end of the file (one write call per batch).</summary>
    void Write(ReadOnlySpan<byte> bytes);

    /// <summary>Makes everything written so far durable (fsync).</summary>
    void Flush();

    /// <summary>
    /// Throws <see cref="IOException"/> when the file's path no longer names the open file (deleted,
    /// renamed or replaced, reliability STO-04); called before every batch is written.
    /// </summary>
    void EnsureUnchanged();
}
