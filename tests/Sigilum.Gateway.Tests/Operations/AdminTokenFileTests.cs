using System.Text.RegularExpressions;
using Sigilum.Core.Processes;
using Sigilum.Testing;

namespace Sigilum.Gateway.Operations;

/// <summary>The generated admin token file (ADR 0020): created 0600 on first start, refused when others could read or replace it.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed partial class AdminTokenFileTests : IDisposable
{
    private readonly TempDirectory _data = new("sigilum-admin-token-");

    private string TokenPath => Path.Combine(_data.Path, AdminAccessOptions.TokenFileName);

    public void Dispose() => _data.Dispose();

    [Fact]
    public void LoadOrCreate_FirstStart_Writes64HexCharactersOwnerOnly()
    {
        var token = AdminTokenFile.LoadOrCreate(TokenPath);

        Assert.Matches(Hex64(), token);
        Assert.Equal(token + "\n", File.ReadAllText(TokenPath));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(TokenPath));
        }
        // No temporary file is left behind next to it.
        Assert.Equal([TokenPath], Directory.GetFiles(_data.Path));
    }

    [Fact]
    public void LoadOrCreate_SecondStart_SameToken()
    {
        var first = AdminTokenFile.LoadOrCreate(TokenPath);

        Assert.Equal(first, AdminTokenFile.LoadOrCreate(TokenPath));
    }

    [Fact]
    public void LoadOrCreate_TwoDirectories_DifferentTokens()
    {
        using var other = new TempDirectory("sigilum-admin-token-");

        Assert.NotEqual(AdminTokenFile.LoadOrCreate(TokenPath), AdminTokenFile.LoadOrCreate(Path.Combine(other.Path, AdminAccessOptions.TokenFileName)));
    }

    [Theory]
    [InlineData(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead)]
    [InlineData(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead)]
    [InlineData(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupWrite)]
    public void Load_AccessibleToOthers_RefusedWithChmodHint(UnixFileMode mode)
    {
        var token = AdminTokenFile.LoadOrCreate(TokenPath);
        File.SetUnixFileMode(TokenPath, mode);

        var error = Assert.Throws<InvalidOperationException>(() => AdminTokenFile.LoadOrCreate(TokenPath));

        Assert.Contains("chmod 600 " + TokenPath, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(token, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_OwnedByAnotherUser_RefusedWithChownHint()
    {
        var token = AdminTokenFile.LoadOrCreate(TokenPath);
        var owner = UnixFileOwner.Stat(TokenPath)!.Value.Uid;

        // As if the gateway ran as another user than the file's owner (e.g. a file planted before a service user existed).
        var error = Assert.Throws<InvalidOperationException>(() => AdminTokenFile.Load(TokenPath, effectiveUserId: owner + 1));

        Assert.Contains($"owned by uid {owner}", error.Message, StringComparison.Ordinal);
        Assert.Contains("chown", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(token, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_OwnedByUs_Accepted()
    {
        var token = AdminTokenFile.LoadOrCreate(TokenPath);

        Assert.Equal(token, AdminTokenFile.Load(TokenPath, effectiveUserId: UnixFileOwner.EffectiveUserId()));
    }

    [Fact]
    public void Load_SymbolicLink_Refused()
    {
        var target = Path.Combine(_data.Path, "elsewhere");
        File.WriteAllText(target, new string('a', 64));
        File.SetUnixFileMode(target, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.CreateSymbolicLink(TokenPath, target);

        var error = Assert.Throws<InvalidOperationException>(() => AdminTokenFile.LoadOrCreate(TokenPath));

        Assert.Contains("symbolic link", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("short-token")]
    [InlineData("0123456789abcdef 0123456789abcdef0123456789abcdef")]
    public void Load_MalformedToken_RefusedWithoutEchoingIt(string content)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite };
        using (var writer = new StreamWriter(new FileStream(TokenPath, options)))
        {
            writer.Write(content);
        }

        var error = Assert.Throws<InvalidOperationException>(() => AdminTokenFile.LoadOrCreate(TokenPath));

        Assert.Contains("Delete it and restart", error.Message, StringComparison.Ordinal);
        if (content.Length > 0)
        {
            Assert.DoesNotContain(content, error.Message, StringComparison.Ordinal);
        }
    }

    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex Hex64();
}
