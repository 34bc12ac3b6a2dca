using Sigilum.Cli.Gateway;
using Sigilum.Cli.Services;

namespace Sigilum.Cli.Variables;

/// <summary>The credential-variable commands against a real in-process gateway.</summary>
public sealed class VariableCommandTests : IAsyncLifetime
{
    private const string Value = "variable-secret-value-4242";
    private readonly CliHarness _cli = new();
    private TestControlPlane _server = null!;
    private TestGateway _gateway = null!;

    public async Task InitializeAsync()
    {
        _cli.UseNetwork();
        _server = await TestControlPlane.StartAsync(_cli.Time);
        // In this home's gateway directory, as `sigilum up` runs it: the CLI finds the admin token the gateway generated there.
        _gateway = await TestGateway.StartAsync("alice", _server.Url, _cli.Time, Path.Combine(_cli.Home, "gateway"));
        _cli.Environment["SIGILUM_GATEWAY_URL"] = _gateway.Url;
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _server.DisposeAsync();
        _cli.Dispose();
    }

    [Fact]
    public async Task SetListDelete_FromFile_StoresWithoutShowingTheValue()
    {
        var file = _cli.WriteFile("value.txt", Value + "\n");

        var set = await _cli.RunAsync("variable", "set", "OPENAI_KEY", "--value-file", file, "--json");
        Assert.True(set.ExitCode == 0, set.ToString());
        Assert.Equal("OPENAI_KEY", set.Json().GetProperty("variable").GetProperty("key").GetString());

        var list = await _cli.RunAsync("variable", "list", "--json");
        Assert.Equal("OPENAI_KEY", Assert.Single(list.Json().GetProperty("variables").EnumerateArray()).GetProperty("key").GetString());
        var human = await _cli.RunAsync("variable", "list");
        Assert.Contains("OPENAI_KEY", human.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(Value, set.Stdout + list.Stdout + human.Stdout, StringComparison.Ordinal);

        var delete = await _cli.RunAsync("variable", "delete", "OPENAI_KEY");
        Assert.True(delete.ExitCode == 0, delete.ToString());
        Assert.Empty((await _cli.RunAsync("variable", "list", "--json")).Json().GetProperty("variables").EnumerateArray());
        Assert.Equal(ExitCodes.NotFound, (await _cli.RunAsync("variable", "delete", "OPENAI_KEY")).ExitCode);
    }

    [Fact]
    public async Task Set_FromStdin_IsUsedByAConnectionSecretOfExactlyItsName()
    {
        await using var upstream = await TestUpstream.StartAsync();
        _cli.StandardInput = System.Text.Encoding.UTF8.GetBytes(Value + "\n");
        Assert.Equal(0, (await _cli.RunAsync("variable", "set", "ECHO_KEY", "--value-stdin")).ExitCode);
        using (var admin = _gateway.AdminClient())
        {
            var created = await admin.PostAsync(_gateway.Url + "/api/admin/connections", new StringContent(
                $$$"""{"id":"echo","name":"Echo","base_url":"{{{upstream.Url}}}","auth_secret_key":"k","secrets":{"k":"{{ECHO_KEY}}"}}""",
                System.Text.Encoding.UTF8, "application/json"));
            Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        }

        var test = await _cli.RunAsync("service", "test", "echo", "--path", "/ok");

        Assert.True(test.ExitCode == 0, test.ToString());
        Assert.Equal("Bearer " + Value, upstream.LastAuthorization);
    }

    [Fact]
    public async Task Set_LiteralValue_WarnsAndInvalidKeyIsRefused()
    {
        var literal = await _cli.RunAsync("variable", "set", "K1", "--value", Value);
        Assert.True(literal.ExitCode == 0, literal.ToString());
        Assert.StartsWith("warning:", literal.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(Value, literal.Stdout + literal.Stderr, StringComparison.Ordinal);

        Assert.Equal(ExitCodes.Usage, (await _cli.RunAsync("variable", "set", "bad key!", "--value", "x")).ExitCode);
        Assert.Equal(ExitCodes.Usage, (await _cli.RunAsync("variable", "set", "K2")).ExitCode);
    }

    [Fact]
    public async Task List_GatewayDown_ExitsNetworkWithHint()
    {
        _cli.Environment["SIGILUM_GATEWAY_URL"] = "http://127.0.0.1:1";

        var run = await _cli.RunAsync("variable", "list");

        Assert.Equal(ExitCodes.Network, run.ExitCode);
        Assert.Contains("Cannot reach the gateway", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_TokenModeGateway_NeedsTheTokenFromFileOrEnvironment()
    {
        var token = new string('t', 40);
        await using var guarded = await TestGateway.StartAsync("alice", _server.Url, _cli.Time, configure: o =>
        {
            o.Operations.Admin.Mode = Sigilum.Gateway.Operations.AdminAccessMode.Token;
            o.Operations.Admin.Token = token;
        });
        _cli.Environment["SIGILUM_GATEWAY_URL"] = guarded.Url;

        var without = await _cli.RunAsync("variable", "list");
        Assert.Equal(ExitCodes.Auth, without.ExitCode);
        Assert.Contains("--admin-token-file", without.Stderr, StringComparison.Ordinal);

        var fromFile = await _cli.RunAsync("variable", "list", "--admin-token-file", _cli.WriteFile("admin-token", token + "\n"));
        Assert.True(fromFile.ExitCode == 0, fromFile.ToString());

        _cli.Environment["GATEWAY_ADMIN_TOKEN"] = token;
        var fromEnvironment = await _cli.RunAsync("variable", "list");
        Assert.True(fromEnvironment.ExitCode == 0, fromEnvironment.ToString());
        Assert.DoesNotContain(token, without.Stderr + fromFile.Stdout + fromFile.Stderr + fromEnvironment.Stdout, StringComparison.Ordinal);
    }
}
