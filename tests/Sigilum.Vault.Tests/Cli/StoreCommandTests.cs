using Sigilum.Testing;

namespace Sigilum.Vault.Cli;

/// <summary>
/// The configuration groups' shared <c>list</c> and <c>remove</c>/<c>revoke</c> (<see cref="StoreCommand"/>): the answer
/// for people and for scripts, and the not-found exit code.
/// </summary>
public sealed class StoreCommandTests : IDisposable
{
    private readonly TempDirectory _home = new("sigil-vault-store-");
    private readonly CliRunner _cli;

    public StoreCommandTests() => _cli = new CliRunner(_home.Path);

    public void Dispose() => _home.Dispose();

    [Fact]
    public async Task Remove_Json_NamesCommandArgumentAndDone()
    {
        await _cli.JsonAsync("init");
        await _cli.JsonAsync("backends", "add", "--name", "dev", "--kind", "env");

        var answer = await _cli.JsonAsync("backends", "remove", "dev");

        Assert.Equal("backends remove", (string?)answer["command"]);
        Assert.Equal("dev", (string?)answer["name"]);
        Assert.True((bool)answer["removed"]!);
    }

    [Fact]
    public async Task Revoke_Text_SaysRevokedAndTheId()
    {
        await _cli.JsonAsync("init");
        var id = (string)(await _cli.JsonAsync("agents", "create", "--name", "a"))["agent"]!["id"]!;

        var (exit, output, _) = await _cli.RunAsync("agents", "revoke", id);

        Assert.Equal(0, exit);
        Assert.Equal($"Revoked {id}.\n", output.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task Remove_Text_SaysWhatWasRemoved()
    {
        await _cli.JsonAsync("init");
        await _cli.JsonAsync("backends", "add", "--name", "dev", "--kind", "env");

        var (exit, output, _) = await _cli.RunAsync("backends", "remove", "dev");

        Assert.Equal(0, exit);
        Assert.Equal("Removed backend dev.\n", output.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task Remove_Unknown_ExitNotFoundWithTheId()
    {
        await _cli.JsonAsync("init");

        var (exit, _, error) = await _cli.RunAsync("routes", "remove", "rt_0000000000000000");

        Assert.Equal(3, exit);
        Assert.Contains("No route 'rt_0000000000000000'.", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_Empty_SaysHowToAddOne()
    {
        await _cli.JsonAsync("init");

        var (exit, output, _) = await _cli.RunAsync("trust", "list");

        Assert.Equal(0, exit);
        Assert.Equal("No trust anchors. Add one with: sigil-vault trust add --kid <kid> --fingerprint sha256:<hex> --jwks-url <url>\n", output.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task List_Rows_TableAndJson()
    {
        await _cli.JsonAsync("init");
        await _cli.JsonAsync("backends", "add", "--name", "dev", "--kind", "env", "--options", "prefix=VAULT_");

        var (_, table, _) = await _cli.RunAsync("backends", "list");
        var json = await _cli.JsonAsync("backends", "list");

        Assert.Contains("prefix=VAULT_", table, StringComparison.Ordinal);
        Assert.Equal("backends list", (string?)json["command"]);
        Assert.Equal("dev", (string?)json["backends"]![0]!["name"]);
    }
}
