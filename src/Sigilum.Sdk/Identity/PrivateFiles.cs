using System.Security.Cryptography;

namespace Sigilum.Sdk.Identity;

/// <summary>
/// Owner-only file handling for key material: directories 0700, files 0600 from the moment they
/// exist (never created world-readable and tightened later), replaced atomically by rename so a
/// crash leaves either the old or the new file, never half of one.
/// </summary>
public static class PrivateFiles
{
    /// <summary>rwx for the owner only.</summary>
    public const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    /// <summary>rw for the owner only.</summary>
    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Creates missing directories owner-only and makes <paramref name="path"/> itself 0700.</summary>
    public static void EnsurePrivateDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return;
        }
        Directory.CreateDirectory(path, DirectoryMode);
        File.SetUnixFileMode(path, DirectoryMode);
    }

    /// <summary>
    /// Writes <paramref name="contents"/> to a 0600 temp file beside <paramref name="path"/>, flushes it
    /// to disk and renames it into place. With <paramref name="overwrite"/> false an existing file wins
    /// and the method returns false.
    /// </summary>
    public static bool WriteAtomically(string path, ReadOnlySpan<byte> contents, bool overwrite)
    {
        var directory = Path.GetDirectoryName(path) ?? throw new ArgumentException("The path has no directory.", nameof(path));
        var temp = Path.Combine(directory, $".{Path.GetFileName(path)}.{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}.tmp");
        try
        {
            using (var stream = new FileStream(temp, CreateOptions()))
            {
                if (!OperatingSystem.IsWindows())
                {
                    // The create mode is filtered by the umask; set it exactly on the open handle.
                    File.SetUnixFileMode(stream.SafeFileHandle, FileMode);
                }
                stream.Write(contents);
                stream.Flush(flushToDisk: true);
            }
            if (!overwrite && File.Exists(path))
            {
                return false;
            }
            File.Move(temp, path, overwrite);
            return true;
        }
        catch (IOException) when (!overwrite && File.Exists(path))
        {
            // Another writer created the file between our check and the rename: theirs wins.
            return false;
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>
    /// Writes <paramref name="contents"/> owner-only, creating missing parent directories owner-only and
    /// replacing any existing file atomically (tokens, run state and other small secrets).
    /// </summary>
    public static void WriteOwnerOnly(string path, ReadOnlySpan<byte> contents)
    {
        EnsurePrivateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        WriteAtomically(path, contents, overwrite: true);
    }

    /// <summary>Reads a file of at most <paramref name="maxBytes"/>; larger files are refused unread.</summary>
    public static byte[] ReadBounded(string path, int maxBytes)
    {
        using var stream = new FileStream(path, System.IO.FileMode.Open, FileAccess.Read, FileShare.Read);
        if (stream.Length > maxBytes)
        {
            throw new InvalidDataException($"The file is larger than {maxBytes} bytes.");
        }
        var buffer = new byte[stream.Length];
        stream.ReadExactly(buffer);
        return buffer;
    }

    private static FileStreamOptions CreateOptions()
    {
        var options = new FileStreamOptions
        {
            Mode = System.IO.FileMode.CreateNew,
            Access = FileAccess.Write,
            Share = FileShare.None,
        };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = FileMode;
        }
        return options;
    }
}
