using Sigilum.CommandLine.Services;
using Sigilum.Testing;

namespace Sigilum.Cli.Mcp;

/// <summary>
/// The bridge's bearer token on its own: what a <c>--token-file</c> must be (the checks the command tests cannot reach,
/// such as another owner), and the comparison. Linux, as the owner check (statx) is.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class McpBridgeTokenTests : IDisposable
{
    private const string Token = "0123456789abcdefghijklmnopqrstuvwxyzABCD";
    private readonly TempDirectory _dir = new("sigilum-mcp-token-");

    public void Dispose() => _dir.Dispose();

    private string PrivateFile(string contents)
    {
        var path = Path.Combine(_dir.Path, "bridge.token");
        File.WriteAllText(path, contents);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return path;
    }

    [Fact]
    public void Load_FileOfAnotherUser_RefusedAsUnsafe()
    {
        var path = PrivateFile(Token);
        var self = ProcessIdentity.Current().Uid;

        var error = Assert.Throws<CliException>(() => McpBridgeToken.Load(path, effectiveUserId: self + 1));

        Assert.Equal(ExitCodes.Usage, error.ExitCode);
        Assert.Contains($"owned by uid {self}", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("(MCP_BRIDGE_TOKEN_FILE_UNSAFE)", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_GroupWritable_RefusedAsUnsafe()
    {
        var path = PrivateFile(Token);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupWrite);

        var error = Assert.Throws<CliException>(() => McpBridgeToken.Load(path));

        Assert.Contains("mode 0620", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("(MCP_BRIDGE_TOKEN_FILE_UNSAFE)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_Fifo_RefusedWithoutReading()
    {
        var fifo = Path.Combine(_dir.Path, "bridge.fifo");
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", ["-m", "600", fifo])!)
        {
            mkfifo.WaitForExit();
        }

        // Opening a FIFO to read would block until a writer came; the size check refuses it first.
        var error = Assert.Throws<CliException>(() => McpBridgeToken.Load(fifo));

        Assert.Contains("or is not a regular file", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("(MCP_BRIDGE_TOKEN_FILE_INVALID)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_Directory_RefusedAsInvalid()
    {
        var error = Assert.Throws<CliException>(() => McpBridgeToken.Load(_dir.Path));

        Assert.Contains("is a directory", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("(MCP_BRIDGE_TOKEN_FILE_INVALID)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_LargerThanTheLimit_RefusedAsInvalid()
    {
        var path = PrivateFile(new string('t', McpBridgeToken.MaxFileBytes + 1));

        var error = Assert.Throws<CliException>(() => McpBridgeToken.Load(path));

        Assert.Contains($"larger than {McpBridgeToken.MaxFileBytes} bytes", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("(MCP_BRIDGE_TOKEN_FILE_INVALID)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_ExactlyTheMinimumWithANewline_MatchesWithoutTheNewline()
    {
        var exact = Token[..McpBridgeToken.MinFileBytes];
        using var token = McpBridgeToken.Load(PrivateFile(exact + "\n"));

        Assert.True(token.Matches(exact));
        Assert.False(token.Matches(exact + "\n"));
    }

    [Fact]
    public void Matches_OnlyTheSameToken()
    {
        using var token = McpBridgeToken.Load(PrivateFile(Token));

        Assert.True(token.Matches(Token));
        Assert.False(token.Matches(Token.AsSpan(0, Token.Length - 1)));
        Assert.False(token.Matches(Token + "x"));
        Assert.False(token.Matches(Token.ToUpperInvariant()));
        Assert.False(token.Matches(""));
        Assert.False(token.Matches(new string('t', McpBridgeToken.MaxFileBytes + 1)));
    }

    [Fact]
    public void Generate_43Base64UrlCharactersThatMatchAndDifferEachTime()
    {
        using var first = McpBridgeToken.Generate(out var firstText);
        using var second = McpBridgeToken.Generate(out var secondText);
        var text = System.Text.Encoding.ASCII.GetString(firstText);

        Assert.Matches("^[A-Za-z0-9_-]{43}$", text);
        Assert.True(first.Matches(text));
        Assert.False(second.Matches(text));
        Assert.NotEqual(firstText, secondText);
    }
}
