using System.Runtime.Versioning;
using Sigilum.Cli.Local;
using Sigilum.Testing;

namespace Sigilum.Cli.Remote;

public sealed class OwnerTokenStoreTests : IDisposable
{
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);

    private readonly TempDirectory _home = new("sigilum-tokens-");

    public void Dispose() => _home.Dispose();

    private OwnerTokenStore Store => new(new SigilumPaths(_home.Path));

    private static StoredToken Token(string url, string value) => new(ApiUrl.Key(new Uri(url)), "alice", value, "own_1", Now.AddDays(1), Now);

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public void Save_TwoControlPlanes_KeepsOnePerUrlInAnOwnerOnlyFile()
    {
        Store.Save(Token("http://127.0.0.1:8787", "tok_a"));
        Store.Save(Token("https://cp.example.test", "tok_b"));
        Store.Save(Token("http://127.0.0.1:8787", "tok_c"));

        Assert.Equal("tok_c", Store.Find(new Uri("http://127.0.0.1:8787/"), "alice")!.Token);
        Assert.Equal("tok_b", Store.Find(new Uri("https://cp.example.test:443"), "alice")!.Token);
        var path = Path.Combine(_home.Path, "controlplane", "owner-token-alice");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(path)!));
    }

    [Fact]
    public void Remove_LastToken_DeletesTheFile()
    {
        Store.Save(Token("http://127.0.0.1:8787", "tok_a"));
        Store.Save(Token("https://cp.example.test", "tok_b"));

        Assert.True(Store.Remove(new Uri("http://127.0.0.1:8787"), "alice"));
        Assert.Null(Store.Find(new Uri("http://127.0.0.1:8787"), "alice"));
        Assert.True(Store.Remove(new Uri("https://cp.example.test"), "alice"));
        Assert.False(File.Exists(Store.PathFor("alice")));
        Assert.False(Store.Remove(new Uri("https://cp.example.test"), "alice"));
    }

    [Fact]
    public void Find_CorruptFile_IsInvalidDataWithFix()
    {
        Directory.CreateDirectory(Path.Combine(_home.Path, "controlplane"));
        File.WriteAllText(Store.PathFor("alice"), "not json");

        var error = Assert.Throws<CliException>(() => Store.Find(new Uri("http://127.0.0.1:8787"), "alice"));

        Assert.Equal(ExitCodes.InvalidData, error.ExitCode);
        Assert.Contains("sigilum auth login", error.Message, StringComparison.Ordinal);
    }
}
