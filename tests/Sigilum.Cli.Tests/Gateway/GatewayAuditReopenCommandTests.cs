using Sigilum.Testing;

namespace Sigilum.Cli.Gateway;

/// <summary>
/// `gateway audit-reopen` against a real gateway whose audit log could not be opened (ADR 0023): refused while the
/// storage is broken, releases resume once it is fixed and the operator reopens — nothing reopens by itself.
/// </summary>
public sealed class GatewayAuditReopenCommandTests : IAsyncLifetime
{
    private readonly CliHarness _cli = new();
    private readonly TempDirectory _data = new("sigilum-cli-audit-");
    private TestControlPlane _server = null!;
    private TestGateway _gateway = null!;

    private string Blocker => Path.Combine(_data.Path, "audit");

    // The gateway runs from its own data directory, not this home's gateway/, so the operator names its token file.
    private string TokenFile => Path.Combine(_data.Path, "admin.token");

    public async Task InitializeAsync()
    {
        _cli.UseNetwork();
        _server = await TestControlPlane.StartAsync(_cli.Time);
        // A file where the audit directory belongs: the log cannot be opened, so the gateway starts not ready.
        await File.WriteAllTextAsync(Blocker, "not a directory");
        _gateway = await TestGateway.StartAsync("alice", _server.Url, _cli.Time, dataDirectory: _data.Path);
        _cli.Environment["SIGILUM_GATEWAY_URL"] = _gateway.Url;
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _server.DisposeAsync();
        _cli.Dispose();
        _data.Dispose();
    }

    [Fact]
    public async Task AuditReopen_StorageBroken_FailsWithAuditUnavailable_ThenSucceedsOnceFixed()
    {
        var refused = await _cli.RunAsync("gateway", "audit-reopen", "--admin-token-file", TokenFile);

        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("AUDIT_UNAVAILABLE", refused.ToString(), StringComparison.Ordinal);

        File.Delete(Blocker);
        var reopened = await _cli.RunAsync("gateway", "audit-reopen", "--admin-token-file", TokenFile, "--json");

        Assert.True(reopened.ExitCode == 0, reopened.ToString());
        Assert.True(reopened.Json().GetProperty("available").GetBoolean());
        var human = await _cli.RunAsync("gateway", "audit-reopen", "--admin-token-file", TokenFile);
        Assert.Contains("releases resume", human.Stdout, StringComparison.Ordinal);
    }
}
