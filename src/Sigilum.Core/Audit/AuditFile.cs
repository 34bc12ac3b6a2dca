namespace Sigilum.Core.Audit;

/// <summary>The real <see cref="IAuditFile"/>: an unbuffered, owner-only file opened at its end.</summary>
internal sealed class AuditFile : IAuditFile
{
    private readonly FileStream _stream;
    private readonly string _path;
    private readonly FileIdentity? _identity;

    private AuditFile(FileStream stream, string path)
    {
        _stream = stream;
        _path = path;
        _identity = FileIdentity.Of(stream.SafeFileHandle);
    }

    /// <summary>
    /// Opens or creates <paramref name="path"/> (0600) for appending. Others may read it (a verifier
    /// running alongside) but not write it, so a second writer on the same log fails to open.
    /// </summary>
    public static AuditFile OpenForAppend(string path)
    {
        var options = new FileStreamOptions
        {
            Mode = FileMode.OpenOrCreate,
            Access = FileAccess.Write,
            Share = FileShare.Read,
            // Unbuffered: the batch is already one buffer, and Flush(true) must see every byte.
            BufferSize = 0,
        };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        var stream = new FileStream(path, options);
        stream.Seek(0, SeekOrigin.End);
        return new AuditFile(stream, Path.GetFullPath(path));
    }

    public void Write(ReadOnlySpan<byte> bytes) => _stream.Write(bytes);

    public void Flush() => _stream.Flush(flushToDisk: true);

    public void EnsureUnchanged() => FileIdentity.EnsureStillAt(_path, _stream.SafeFileHandle, _identity);

    public void Dispose() => _stream.Dispose();
}
