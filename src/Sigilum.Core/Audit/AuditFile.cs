using System.Runtime.InteropServices;

namespace Sigilum.Core.Audit;

/// <summary>
/// The real <see cref="IAuditFile"/>: an unbuffered, owner-only file written at its logical end, optionally
/// preallocated in zero-filled chunks so a sync after an append is an <c>fdatasync</c> that commits data only.
/// </summary>
/// <remarks>
/// <para>
/// Why zero-filled: an append that grows the file changes its size, and a size change is metadata a data sync
/// must commit too (a journal commit on ext4/XFS), so every group commit paid for two writes to the device.
/// Writing a chunk of zeros ahead (and syncing it once) moves that cost to once per chunk: appends inside the
/// chunk overwrite initialised blocks, and <c>fdatasync</c> then flushes only the data. <c>fallocate</c> alone
/// would not do: it leaves "unwritten" extents whose conversion on first write is metadata again.
/// </para>
/// <para>
/// The file's size is therefore not the end of the records: <see cref="LogicalEnd"/> is, and the bytes after it
/// are zeros. Recovery (<see cref="AuditLogRecovery"/>) cuts the zero tail at open and <see cref="Complete"/>
/// cuts it at a clean close, so a closed log is plain JSON lines; readers of a live or crashed log skip the
/// zeros (<c>AuditChainVerifier</c> does).
/// </para>
/// </remarks>
internal sealed class AuditFile : IAuditFile
{
    /// <summary>The default preallocation step of the record log (see <see cref="AuditLogOptions.PreallocationBytes"/>).</summary>
    public const long DefaultPreallocationBytes = 4 * 1024 * 1024;

    // 256 KiB of zeros written repeatedly to fill a chunk; shared, never written to.
    private static readonly byte[] Zeros = new byte[256 * 1024];

    private readonly FileStream _stream;
    private readonly string _path;
    private readonly FileIdentity? _identity;
    private readonly long _chunk;
    private long _end;
    private long _allocated;

    private AuditFile(FileStream stream, string path, long chunk)
    {
        _stream = stream;
        _path = path;
        _chunk = chunk;
        _identity = FileIdentity.Of(stream.SafeFileHandle);
        _end = stream.Length;
        _allocated = _end;
    }

    /// <summary>Where the next write goes: the end of the records, before any preallocated zeros.</summary>
    public long LogicalEnd => _end;

    /// <summary>
    /// Opens or creates <paramref name="path"/> (0600) for appending. Others may read it (a verifier running
    /// alongside) but not write it. The file must end at its last record (recovery has cut any zero tail).
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="preallocationBytes">Zero-fill the file ahead in steps of this many bytes; 0 grows it by each write.</param>
    public static AuditFile OpenForAppend(string path, long preallocationBytes = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(preallocationBytes);
        var options = new FileStreamOptions
        {
            Mode = FileMode.OpenOrCreate,
            Access = FileAccess.Write,
            Share = FileShare.Read,
            // Unbuffered: the batch is already one buffer, and every write goes straight to the page cache.
            BufferSize = 0,
        };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        var stream = new FileStream(path, options);
        try
        {
            var file = new AuditFile(stream, Path.GetFullPath(path), preallocationBytes);
            if (preallocationBytes > 0)
            {
                // At open, not on the first request: the first chunk is ready before anything is appended.
                file.Reserve(file._end + 1);
            }
            return file;
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    public void Write(ReadOnlySpan<byte> bytes)
    {
        if (_chunk > 0 && _end + bytes.Length > _allocated)
        {
            Reserve(_end + bytes.Length);
        }
        RandomAccess.Write(_stream.SafeFileHandle, bytes, _end);
        _end += bytes.Length;
    }

    public void Flush()
    {
        if (OperatingSystem.IsLinux())
        {
            // fdatasync still commits a size change (it is needed to read the data back), so it is correct
            // with and without preallocation; inside a preallocated chunk it commits nothing else.
            if (NativeMethods.fdatasync(_stream.SafeFileHandle) != 0)
            {
                throw new IOException($"fdatasync of {Path.GetFileName(_path)} failed (errno {Marshal.GetLastPInvokeError()}).");
            }
            return;
        }
        _stream.Flush(flushToDisk: true);
    }

    public void EnsureUnchanged() => FileIdentity.EnsureStillAt(_path, _stream.SafeFileHandle, _identity);

    public void Complete()
    {
        if (_allocated == _end)
        {
            return;
        }
        _stream.SetLength(_end);
        _allocated = _end;
        Flush();
    }

    public void Dispose() => _stream.Dispose();

    /// <summary>Zero-fills the file up to the chunk boundary at or after <paramref name="needed"/>, and syncs it once.</summary>
    private void Reserve(long needed)
    {
        var target = (needed + _chunk - 1) / _chunk * _chunk;
        var handle = _stream.SafeFileHandle;
        for (var offset = _allocated; offset < target; offset += Zeros.Length)
        {
            RandomAccess.Write(handle, Zeros.AsSpan(0, (int)Math.Min(Zeros.Length, target - offset)), offset);
        }
        // Synced now, so the size change and the block allocation are not part of the next group commit.
        Flush();
        _allocated = target;
    }
}
