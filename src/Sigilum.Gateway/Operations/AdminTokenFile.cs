using System.Security.Cryptography;
using Sigilum.Core.Processes;

namespace Sigilum.Gateway.Operations;

/// <summary>
/// The generated admin token (ADR 0020): 32 random bytes as 64 lower-case hex characters in
/// <c>&lt;data&gt;/admin.token</c>, created on first start with mode 0600 from the first byte (written to a 0600
/// temporary file, flushed, then linked into place, so no reader ever sees it readable by others or half written).
/// An existing file is used only if it is a regular file owned by the user the gateway runs as with no group or
/// other permission bits; otherwise the start is refused with what to do (fail closed: another user who can read
/// or replace the token is the operator).
/// </summary>
internal static class AdminTokenFile
{
    private const int TokenBytes = 32;
    private const int MaxFileBytes = 1024;

    private const UnixFileMode OthersMayAccess = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute |
        UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>The token in <paramref name="path"/>, creating the file first when it does not exist.</summary>
    /// <exception cref="InvalidOperationException">The file is unsafe or malformed; the message says how to fix it and never holds the token.</exception>
    public static string LoadOrCreate(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        path = Path.GetFullPath(path);
        if (!File.Exists(path) && !IsLink(path))
        {
            Create(path);
        }
        return Load(path);
    }

    /// <param name="path">The token file.</param>
    /// <param name="effectiveUserId">Who we run as (tests pass another uid to see the owner check refuse); the process's own when null.</param>
    public static string Load(string path, uint? effectiveUserId = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (IsLink(path))
        {
            throw new InvalidOperationException($"The admin token {path} is a symbolic link; it must be a regular file. Remove it and restart to generate a new one.");
        }
        if (!OperatingSystem.IsWindows())
        {
            var mode = File.GetUnixFileMode(path);
            if ((mode & OthersMayAccess) != 0)
            {
                throw new InvalidOperationException(
                    $"The admin token {path} is accessible to other users (mode {Convert.ToString((int)mode, 8)}); anyone who can read it administers the gateway. " +
                    $"Run: chmod 600 {path} (or delete it and restart to generate a new one).");
            }
            if (UnixFileOwner.Stat(path) is { } stat && (effectiveUserId ?? UnixFileOwner.EffectiveUserId()) is { } self)
            {
                if (!stat.IsRegularFile)
                {
                    throw new InvalidOperationException($"The admin token {path} is not a regular file. Remove it and restart to generate a new one.");
                }
                if (stat.Uid != self)
                {
                    throw new InvalidOperationException(
                        $"The admin token {path} is owned by uid {stat.Uid}, but the gateway runs as uid {self}; another user could replace it. " +
                        $"Run: chown {self} {path} (or delete it and restart to generate a new one).");
                }
            }
        }
        var length = new FileInfo(path).Length;
        if (length > MaxFileBytes)
        {
            throw new InvalidOperationException($"The admin token {path} is larger than {MaxFileBytes} bytes. Delete it and restart to generate a new one.");
        }
        var token = File.ReadAllText(path).Trim();
        if (AdminAccessOptions.TokenProblem(token) is { } problem)
        {
            throw new InvalidOperationException($"The admin token in {path} {problem} Delete it and restart to generate a new one.");
        }
        return token;
    }

    private static void Create(string path)
    {
        var directory = Path.GetDirectoryName(path)!;
        Directory.CreateDirectory(directory);
        var temporary = Path.Combine(directory, $".{AdminAccessOptions.TokenFileName}.{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))}.tmp");
        var random = RandomNumberGenerator.GetBytes(TokenBytes);
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }
            using (var stream = new FileStream(temporary, options))
            {
                Span<char> chars = stackalloc char[TokenBytes * 2];
                Span<byte> hex = stackalloc byte[TokenBytes * 2];
                Convert.TryToHexStringLower(random, chars, out _);
                System.Text.Encoding.ASCII.GetBytes(chars, hex);
                stream.Write(hex);
                stream.WriteByte((byte)'\n');
                chars.Clear();
                CryptographicOperations.ZeroMemory(hex);
                stream.Flush(flushToDisk: true);
            }
            try
            {
                // No overwrite: if another instance won the race, its token stands and ours is dropped.
                File.Move(temporary, path, overwrite: false);
            }
            catch (IOException) when (File.Exists(path))
            {
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(random);
            File.Delete(temporary);
        }
    }

    private static bool IsLink(string path) => new FileInfo(path).LinkTarget is not null;
}
