using Npgsql;
using Sigilum.Testing;
using Sigilum.Testing.Postgres;
using Sigilum.Vault.Store.Postgres;

namespace Sigilum.Vault.Cli;

/// <summary>
/// <c>--store postgres</c> on the command line (ADR 0068): two homes (two nodes) over one database share agents,
/// backends, routes and anchors through the config commands; the connection string comes from the environment or a
/// file, never a flag value, and is never printed.
/// </summary>
[Collection(PostgresVaultCollection.Name)]
public sealed class SharedStoreCliTests(PostgresServer server)
{
    [Fact]
    public async Task ConfigCommands_ThroughOneNode_ListedByTheOther()
    {
        await using var database = await SharedVaultDatabase.CreateAsync(server);
        using var homeA = new TempDirectory("sigil-vault-cli-pg-");
        using var homeB = new TempDirectory("sigil-vault-cli-pg-");
        var connectionFile = Path.Combine(homeA.Path, "postgres.conn");
        await File.WriteAllTextAsync(connectionFile, database.ConnectionString + "\n");
        // Node A names a file; node B takes the string from its environment.
        var nodeA = new CliRunner(homeA.Path);
        var nodeB = new CliRunner(homeB.Path, new Dictionary<string, string> { ["SIGILUM_VAULT_STORE"] = "postgres", ["SIGILUM_VAULT_POSTGRES"] = database.ConnectionString });

        var initA = await nodeA.JsonAsync("init", "--store", "postgres", "--postgres-file", connectionFile, "--audience", "team-vault");
        var initB = await nodeB.JsonAsync("init");
        var agent = await nodeA.JsonAsync("agents", "create", "--name", "bot", "--store", "postgres", "--postgres-file", connectionFile);
        var agentId = (string)agent["agent"]!["id"]!;
        await nodeA.JsonAsync("backends", "add", "--name", "dev", "--kind", "env", "--store", "postgres", "--postgres-file", connectionFile);
        await nodeA.JsonAsync("routes", "add", "--agent-id", agentId, "--host", "api.example.com", "--backend", "dev", "--secret", "KEY",
            "--store", "postgres", "--postgres-file", connectionFile);

        Assert.Equal((true, false, "team-vault"), ((bool)initA["storeCreated"]!, (bool)initB["storeCreated"]!, (string?)initB["audience"]));
        Assert.Contains(agentId, (await nodeB.JsonAsync("agents", "list")).ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("api.example.com", (await nodeB.JsonAsync("routes", "list")).ToJsonString(), StringComparison.Ordinal);
        // The local SQLite store of node B was never created: everything went to PostgreSQL.
        Assert.False(File.Exists(Path.Combine(homeB.Path, "vault", "vault.db")));
    }

    [Theory]
    [InlineData("postgres", "SIGILUM_VAULT_POSTGRES")] // no connection string anywhere
    [InlineData("mysql", "sqlite or postgres")]       // no such engine
    public async Task Store_NotUsable_UsageError(string store, string says)
    {
        using var home = new TempDirectory("sigil-vault-cli-pg-");

        var (exit, _, error) = await new CliRunner(home.Path).RunAsync("agents", "list", "--store", store);

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains(says, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Store_InvalidConnectionString_UsageErrorWithoutEchoingIt()
    {
        using var home = new TempDirectory("sigil-vault-cli-pg-");
        const string invalid = "Host=127.0.0.1;Password=hunter2-secret;NoSuchKeyword=1";
        var runner = new CliRunner(home.Path, new Dictionary<string, string> { ["SIGILUM_VAULT_POSTGRES"] = invalid });

        var (exit, output, error) = await runner.RunAsync("agents", "list", "--store", "postgres");

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.DoesNotContain("hunter2-secret", output + error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Store_PostgresUnreachable_NetworkErrorWithoutThePassword()
    {
        using var home = new TempDirectory("sigil-vault-cli-pg-");
        await using var relay = TcpRelay.Start("127.0.0.1", new NpgsqlConnectionStringBuilder(server.AdminConnectionString).Port);
        relay.Cut();
        var unreachable = new NpgsqlConnectionStringBuilder(server.AdminConnectionString) { Host = "127.0.0.1", Port = relay.Port, Password = "hunter2-secret", Timeout = 2 }.ConnectionString;
        var runner = new CliRunner(home.Path, new Dictionary<string, string> { ["SIGILUM_VAULT_POSTGRES"] = unreachable });

        var (exit, output, error) = await runner.RunAsync("routes", "list", "--store", "postgres");

        Assert.Equal(ExitCodes.Network, exit);
        Assert.DoesNotContain("hunter2-secret", output + error, StringComparison.Ordinal);
    }
}
