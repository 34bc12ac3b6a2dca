using System.Net;
using System.Text.Json;
using Sigilum.Cli.Local;
using Sigilum.Cli.Remote;

namespace Sigilum.Cli.Webhooks;

/// <summary>
/// The webhook commands against a stub of the routes (the control plane's webhook endpoints are being built in
/// parallel): the requests they send and how they read the answers.
/// </summary>
public sealed class WebhooksCommandTests : IDisposable
{
    private const string Api = "http://cp.test:8787";
    private const string Hooks = "/v1/namespaces/alice/services/openai/webhooks";

    private readonly CliHarness _cli = new();
    private readonly StubApi _api = new();

    public WebhooksCommandTests()
    {
        _cli.CreateHttpHandler = () => _api;
        _cli.Environment["SIGILUM_API_URL"] = Api;
        _cli.Environment["SIGILUM_NAMESPACE"] = "alice";
        new OwnerTokenStore(new SigilumPaths(_cli.Home)).Save(
            new StoredToken(ApiUrl.Key(new Uri(Api)), "alice", "tok_owner", "own_1", _cli.Time.GetUtcNow().AddDays(1), _cli.Time.GetUtcNow()));
    }

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Add_UrlAndEvents_PostsThemWithOwnerTokenAndPrintsSecretOnce()
    {
        _api.On("POST", Hooks, HttpStatusCode.Created,
            "{\"id\":\"wh_1\",\"url\":\"https://hooks.example.test/x\",\"events\":[\"request.approved\"],\"secret\":\"whsec_abc\",\"active\":true}");

        var run = await _cli.RunAsync("webhooks", "add", "--service", "openai", "--url", "https://hooks.example.test/x", "--event", "request.approved");

        Assert.True(run.ExitCode == 0, run.ToString());
        var sent = Assert.Single(_api.Received);
        Assert.Equal("Bearer tok_owner", sent.Authorization);
        using var body = JsonDocument.Parse(sent.Body);
        Assert.Equal("https://hooks.example.test/x", body.RootElement.GetProperty("url").GetString());
        Assert.Equal(["request.approved"], body.RootElement.GetProperty("events").EnumerateArray().Select(e => e.GetString()));
        Assert.Single(run.Stdout.Split("whsec_abc").Skip(1));
        Assert.Contains("shown only now", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Add_Json_IncludesSecretForScripts()
    {
        _api.On("POST", Hooks, HttpStatusCode.Created, "{\"id\":\"wh_1\",\"url\":\"https://h.test/\",\"events\":[],\"secret\":\"whsec_abc\",\"active\":true}");

        var run = await _cli.RunAsync("webhooks", "add", "-s", "openai", "--url", "https://h.test/", "--json");

        Assert.Equal("whsec_abc", run.Json().GetProperty("webhook").GetProperty("secret").GetString());
        Assert.DoesNotContain("events", _api.Received[0].Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_AllServices_ReadsEachServiceAndNeverShowsSecrets()
    {
        _api.On("GET", "/v1/namespaces/alice/services", HttpStatusCode.OK, "{\"services\":[{\"slug\":\"openai\"},{\"slug\":\"linear\"}]}");
        _api.On("GET", Hooks, HttpStatusCode.OK, "{\"webhooks\":[{\"id\":\"wh_1\",\"url\":\"https://h.test/1\",\"events\":[],\"active\":true,\"secret\":\"leak\"}]}");
        // A bare array is accepted too, in case the route answers without the wrapper.
        _api.On("GET", "/v1/namespaces/alice/services/linear/webhooks", HttpStatusCode.OK, "[{\"id\":\"wh_2\",\"url\":\"https://h.test/2\",\"events\":[\"request.revoked\"],\"active\":false}]");

        var run = await _cli.RunAsync("webhooks", "list", "--json");

        Assert.Equal(0, run.ExitCode);
        var hooks = run.Json().GetProperty("webhooks").EnumerateArray().ToList();
        Assert.Equal(["openai", "linear"], hooks.Select(h => h.GetProperty("service").GetString()));
        Assert.DoesNotContain("leak", run.Stdout, StringComparison.Ordinal);
        var table = await _cli.RunAsync("webhooks", "list");
        Assert.Contains("https://h.test/2", table.Stdout, StringComparison.Ordinal);
        Assert.Contains("all events", table.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("leak", table.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Remove_KnownWebhook_SendsDelete()
    {
        _api.On("DELETE", Hooks + "/wh_1", HttpStatusCode.NoContent);

        var run = await _cli.RunAsync("webhooks", "remove", "--service", "openai", "wh_1");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(("DELETE", Hooks + "/wh_1"), (_api.Received[0].Method, _api.Received[0].PathAndQuery));
    }

    [Fact]
    public async Task Remove_UnknownWebhook_ExitsNotFound()
    {
        var run = await _cli.RunAsync("webhooks", "remove", "--service", "openai", "wh_404");

        Assert.Equal(ExitCodes.NotFound, run.ExitCode);
        Assert.Equal("error: Webhook not found (NOT_FOUND)", run.Stderr.TrimEnd());
    }

    [Fact]
    public async Task Add_Forbidden_AddsSignInHint()
    {
        _api.On("POST", Hooks, HttpStatusCode.Forbidden, "{\"status\":403,\"detail\":\"Not allowed.\",\"code\":\"FORBIDDEN\"}");

        var run = await _cli.RunAsync("webhooks", "add", "--service", "openai", "--url", "https://h.test/");

        Assert.Equal(ExitCodes.Auth, run.ExitCode);
        Assert.Equal("error: Not allowed (FORBIDDEN); run: sigilum auth login", run.Stderr.TrimEnd());
    }

    [Fact]
    public async Task Add_WithoutUrl_IsUsageError()
    {
        var run = await _cli.RunAsync("webhooks", "add", "--service", "openai");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Empty(_api.Received);
    }
}
