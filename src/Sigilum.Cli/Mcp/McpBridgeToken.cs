using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Sigilum.CommandLine.Services;
using Sigilum.Protocol.Errors;
using Sigilum.Sdk.Identity;

namespace Sigilum.Cli.Mcp;

/// <summary>
/// The bearer token of <c>sigilum mcp bridge --http</c>: without it any local process that reaches the loopback port
/// (another user's agent on the same host) calls tools signed with this agent's key. Only its SHA-256 is kept, so every
/// comparison is over 32 bytes in constant time whatever the length presented; the token's own bytes are zeroed as soon
/// as they are hashed (and written, when generated). It never reaches a log, an exception message or stderr.
/// </summary>
internal sealed class McpBridgeToken : IDisposable
{
    /// <summary>Random bytes of a generated token (43 base64url characters).</summary>
    public const int GeneratedBytes = 32;

    /// <summary>The shortest token a <c>--token-file</c> may hold, in bytes.</summary>
    public const int MinFileBytes = 32;

    /// <summary>The largest <c>--token-file</c> read; a header value is bounded anyway.</summary>
    public const int MaxFileBytes = 1024;

    private const UnixFileMode OthersMayAccess = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute |
        UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    private readonly byte[] _hash;

    private McpBridgeToken(ReadOnlySpan<byte> token)
    {
        _hash = SHA256.HashData(token);
    }

    /// <summary>
    /// A new random token, and its text (43 base64url characters) for <see cref="WriteGenerated"/>; the caller zeroes
    /// <paramref name="text"/> once it is written. Generated before the listener starts and written when its port is
    /// known (the file is named after it): until then no one holds the token and every request is refused.
    /// </summary>
    public static McpBridgeToken Generate(out byte[] text)
    {
        Span<byte> random = stackalloc byte[GeneratedBytes];
        text = new byte[Base64Url.GetEncodedLength(GeneratedBytes)];
        try
        {
            RandomNumberGenerator.Fill(random);
            Base64Url.EncodeToUtf8(random, text);
            return new McpBridgeToken(text);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(random);
        }
    }

    /// <summary>
    /// Writes a generated token to <paramref name="path"/>: its directory made 0700, the file 0600 from its first byte and
    /// renamed into place (the CLI's <see cref="PrivateFiles"/>); <see cref="DeleteGenerated"/> removes both on stop.
    /// </summary>
    public static void WriteGenerated(string path, ReadOnlySpan<byte> text) => PrivateFiles.WriteOwnerOnly(path, text);

    /// <summary>Removes a generated token file and its private directory (nothing else is ever put there).</summary>
    public static void DeleteGenerated(string path)
    {
        File.Delete(path);
        var directory = Path.GetDirectoryName(path);
        if (directory is not null && Directory.Exists(directory) && !Directory.EnumerateFileSystemEntries(directory).Any())
        {
            Directory.Delete(directory);
        }
    }

    /// <summary>
    /// The token in <paramref name="path"/> (<c>--token-file</c>): not a symbolic link, owned by the user we run as, without group or other permission bits, holding 32 to 1024 printable ASCII bytes without spaces
    /// (surrounding whitespace such as the final newline ignored). Anything else is refused: another user who can read
    /// or replace the file could act as the agent.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="effectiveUserId">Who we run as (tests pass another uid to see the owner check refuse); the process's own when null.</param>
    /// <exception cref="CliException">Exit 2 with <c>MCP_BRIDGE_TOKEN_FILE_UNSAFE</c> or <c>MCP_BRIDGE_TOKEN_FILE_INVALID</c>; never holds the token.</exception>
    public static McpBridgeToken Load(string path, int? effectiveUserId = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var info = new FileInfo(path);
        if (info.LinkTarget is not null)
        {
            throw Unsafe(path, "is a symbolic link; name the file itself");
        }
        if (!info.Exists)
        {
            throw Invalid(path, Directory.Exists(path) ? "is a directory, not a file" : "does not exist");
        }
        if (!OperatingSystem.IsWindows())
        {
            // The CLI's statx reader (doctor uses it too); links were refused above, so following them changes nothing.
            if (UnixFileStatus.TryRead(path) is { } status &&
                (effectiveUserId ?? ProcessIdentity.Read(Environment.ProcessId)?.Uid) is { } self && status.Uid != self)
            {
                throw Unsafe(path, $"is owned by uid {status.Uid}, not by uid {self} who runs the bridge; another user could replace it");
            }
            var mode = File.GetUnixFileMode(path);
            if ((mode & OthersMayAccess) != 0)
            {
                throw Unsafe(path, $"is accessible to other users (mode {Convert.ToString((int)mode & 0x1FF, 8).PadLeft(4, '0')}); run: chmod 600 {path}");
            }
        }
        // Checked before opening: a FIFO or a device reports size 0, so it is refused here rather than read (a FIFO
        // would block the bridge until someone writes to it).
        if (info.Length < MinFileBytes)
        {
            throw Invalid(path, $"holds {info.Length} bytes (or is not a regular file); a token needs at least {MinFileBytes} (e.g. head -c 32 /dev/urandom | base64)");
        }
        byte[] content;
        try
        {
            content = PrivateFiles.ReadBounded(path, MaxFileBytes);
        }
        catch (InvalidDataException)
        {
            throw Invalid(path, $"is larger than {MaxFileBytes} bytes");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw Invalid(path, "cannot be read: " + ex.GetType().Name);
        }
        try
        {
            var token = Trim(content);
            if (token.Length < MinFileBytes)
            {
                throw Invalid(path, $"holds {token.Length} bytes; a token needs at least {MinFileBytes} (e.g. head -c 32 /dev/urandom | base64)");
            }
            foreach (var b in token)
            {
                if (b is < 0x21 or > 0x7E)
                {
                    throw Invalid(path, "holds something other than printable ASCII without spaces, which an HTTP header cannot carry");
                }
            }
            return new McpBridgeToken(token);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(content);
        }
    }

    /// <summary>Whether <paramref name="presented"/> (the value after <c>Bearer </c>) is the token: hashes compared in constant time.</summary>
    public bool Matches(ReadOnlySpan<char> presented)
    {
        if (presented.IsEmpty || presented.Length > MaxFileBytes)
        {
            return false;
        }
        Span<byte> bytes = stackalloc byte[Encoding.UTF8.GetMaxByteCount(MaxFileBytes)];
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        var length = Encoding.UTF8.GetBytes(presented, bytes);
        try
        {
            SHA256.HashData(bytes[..length], hash);
            return CryptographicOperations.FixedTimeEquals(hash, _hash);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes[..length]);
            CryptographicOperations.ZeroMemory(hash);
        }
    }

    public void Dispose() => CryptographicOperations.ZeroMemory(_hash);

    private static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> content)
    {
        var start = 0;
        var end = content.Length;
        while (start < end && IsWhiteSpace(content[start]))
        {
            start++;
        }
        while (end > start && IsWhiteSpace(content[end - 1]))
        {
            end--;
        }
        return content[start..end];
    }

    private static bool IsWhiteSpace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n';

    private static CliException Unsafe(string path, string why) =>
        new(ExitCodes.Usage, $"--token-file {path} {why} ({ErrorCatalogue.McpBridgeTokenFileUnsafe})");

    private static CliException Invalid(string path, string why) =>
        new(ExitCodes.Usage, $"--token-file {path} {why} ({ErrorCatalogue.McpBridgeTokenFileInvalid})");
}
