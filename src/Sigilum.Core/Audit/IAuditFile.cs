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
}
