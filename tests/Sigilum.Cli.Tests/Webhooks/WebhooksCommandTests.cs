namespace Sigilum.Cli.Webhooks;

/// <summary>The webhook commands against a real control plane (its webhook routes, SSRF guard and secret handling).</summary>
public sealed class WebhooksCommandTests : IAsyncLifetime
{
    private const string Receiver = "http://127.0.0.1:9/hooks/sigilum";

    private readonly CliHarness _cli = new();
    private TestControlPlane _server = null!;

    public async Task InitializeAsync()
    {
        _cli.UseNetwork();
        // Receivers on this machine, as with `sigilum up --allow-private-webhooks`.
        _server = await TestControlPlane.StartAsync(_cli.Time, o => o.Webhooks.AllowPrivateTargets = true);
        _cli.Environment["SIGILUM_API_URL"] = _server.Url;
        await _cli.RunAsync("init", "alice");
        await _cli.RunAsync("namespace", "register");
        await _cli.RunAsync("auth", "login");
        await _server.CreateServiceAsync(_server.StoredToken(_cli.Home, "alice"), "alice", "openai");
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _cli.Dispose();
    }

    [Fact]
    public async Task AddListRemove_Webhook_SecretShownOnceThenNeverAgain()
    {
        var added = await _cli.RunAsync("webhooks", "add", "--service", "openai", "--url", Receiver, "--event", "request.approved", "--event", "request.revoked");

        Assert.True(added.ExitCode == 0, added.ToString());
        var secret = added.Stdout.Split(' ', '\n').Single(w => w.StartsWith("whsec_", StringComparison.Ordinal));
        Assert.Contains("shown only now", added.Stdout, StringComparison.Ordinal);

        var listed = await _cli.RunAsync("webhooks", "list", "--json");
        var webhook = Assert.Single(listed.Json().GetProperty("webhooks").EnumerateArray());
        Assert.Equal("openai", webhook.GetProperty("service").GetString());
        Assert.Equal(Receiver, webhook.GetProperty("url").GetString());
        Assert.Equal(["request.approved", "request.revoked"], webhook.GetProperty("events").EnumerateArray().Select(e => e.GetString()));
        Assert.False(webhook.TryGetProperty("secret", out _));
        Assert.DoesNotContain(secret, listed.Stdout, StringComparison.Ordinal);
        var table = await _cli.RunAsync("webhooks", "list", "--service", "openai");
        Assert.Contains(Receiver, table.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, table.Stdout, StringComparison.Ordinal);

        var id = webhook.GetProperty("id").GetString()!;
        Assert.Equal(0, (await _cli.RunAsync("webhooks", "remove", "--service", "openai", id)).ExitCode);
        Assert.Empty((await _cli.RunAsync("webhooks", "list", "--json")).Json().GetProperty("webhooks").EnumerateArray());
        var again = await _cli.RunAsync("webhooks", "remove", "--service", "openai", id);
        Assert.Equal(ExitCodes.NotFound, again.ExitCode);
        Assert.Equal("error: Webhook not found (NOT_FOUND)", again.Stderr.TrimEnd());
    }

    [Fact]
    public async Task Add_Json_IncludesTheSecretAndEveryEventByDefault()
    {
        var run = await _cli.RunAsync("webhooks", "add", "-s", "openai", "--url", Receiver, "--json");

        Assert.Equal(0, run.ExitCode);
        var webhook = run.Json().GetProperty("webhook");
        Assert.StartsWith("whsec_", webhook.GetProperty("secret").GetString(), StringComparison.Ordinal);
        Assert.Equal(5, webhook.GetProperty("events").GetArrayLength());
    }

    [Fact]
    public async Task Add_UnknownEvent_IsUsageErrorFromServer()
    {
        var run = await _cli.RunAsync("webhooks", "add", "--service", "openai", "--url", Receiver, "--event", "request.frobnicated");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("(VALIDATION_ERROR)", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Add_UnknownService_ExitsNotFound()
    {
        var run = await _cli.RunAsync("webhooks", "add", "--service", "nope", "--url", Receiver);

        Assert.Equal(ExitCodes.NotFound, run.ExitCode);
        Assert.Equal("error: Service not found (NOT_FOUND)", run.Stderr.TrimEnd());
    }

    [Fact]
    public async Task Add_WithoutUrl_IsUsageError()
    {
        var run = await _cli.RunAsync("webhooks", "add", "--service", "openai");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
    }

    [Fact]
    public async Task Add_PrivateTargetWithoutAllowing_IsRefusedByTheSsrfGuard()
    {
        await using var strict = await TestControlPlane.StartAsync(_cli.Time);
        await _cli.RunAsync("namespace", "register", "--api-url", strict.Url);
        await _cli.RunAsync("auth", "login", "--api-url", strict.Url);
        await strict.CreateServiceAsync(strict.StoredToken(_cli.Home, "alice"), "alice", "openai");

        var run = await _cli.RunAsync("webhooks", "add", "--api-url", strict.Url, "--service", "openai", "--url", Receiver);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("(WEBHOOK_TARGET_NOT_ALLOWED)", run.Stderr, StringComparison.Ordinal);
    }
}
