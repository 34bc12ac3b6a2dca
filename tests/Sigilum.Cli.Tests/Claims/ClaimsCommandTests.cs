using System.Text.Json;

namespace Sigilum.Cli.Claims;

/// <summary>The owner's claim commands against a real control plane over loopback HTTP.</summary>
public sealed class ClaimsCommandTests : IAsyncLifetime
{
    private readonly CliHarness _cli = new();
    private TestControlPlane _server = null!;

    public async Task InitializeAsync()
    {
        _cli.UseNetwork();
        _server = await TestControlPlane.StartAsync(_cli.Time);
        _cli.Environment["SIGILUM_API_URL"] = _server.Url;
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _cli.Dispose();
    }

    private async Task SignInAsync()
    {
        await _cli.RunAsync("init", "alice");
        Assert.Equal(0, (await _cli.RunAsync("namespace", "register")).ExitCode);
        var login = await _cli.RunAsync("auth", "login");
        Assert.True(login.ExitCode == 0, login.ToString());
    }

    private async Task<string> FilePendingClaimAsync()
    {
        var key = await _server.CreateServiceAsync(_server.StoredToken(_cli.Home, "alice"), "alice", "openai");
        return (await _server.FileClaimAsync("alice", key, "openai")).ClaimId;
    }

    [Fact]
    public async Task ListApproveRevoke_AgentClaim_MovesThroughEachState()
    {
        await SignInAsync();
        var empty = await _cli.RunAsync("claims", "list", "--json");
        Assert.True(empty.ExitCode == 0, empty.ToString());
        Assert.Empty(empty.Json().GetProperty("claims").EnumerateArray());

        var claimId = await FilePendingClaimAsync();

        var pending = await _cli.RunAsync("claims", "list", "--status", "pending", "--json");
        var listed = Assert.Single(pending.Json().GetProperty("claims").EnumerateArray());
        Assert.Equal(claimId, listed.GetProperty("claim_id").GetString());
        Assert.Equal("openai", listed.GetProperty("service").GetString());

        var approve = await _cli.RunAsync("claims", "approve", claimId, "--expires-in", "1h", "--json");
        Assert.True(approve.ExitCode == 0, approve.ToString());
        var approved = approve.Json().GetProperty("claim");
        Assert.Equal("approved", approved.GetProperty("status").GetString());
        Assert.Equal(_cli.Time.GetUtcNow().AddHours(1), approved.GetProperty("expires_at").GetDateTimeOffset());

        var revoke = await _cli.RunAsync("claims", "revoke", claimId, "--json");
        Assert.Equal(0, revoke.ExitCode);
        Assert.Equal("revoked", revoke.Json().GetProperty("claim").GetProperty("status").GetString());
        // ADR 0027: how far it got (no gateway follows this test's namespace).
        Assert.Equal(0, revoke.Json().GetProperty("claim").GetProperty("propagation").GetProperty("subscribers").GetInt32());
        var revoked = await _cli.RunAsync("claims", "list", "--status", "revoked", "--json");
        Assert.Equal(claimId, Assert.Single(revoked.Json().GetProperty("claims").EnumerateArray()).GetProperty("claim_id").GetString());
    }

    [Fact]
    public async Task Revoke_HumanOutput_SaysNoGatewayConfirmedWhenNoneFollows()
    {
        await SignInAsync();
        var claimId = await FilePendingClaimAsync();
        await _cli.RunAsync("claims", "approve", claimId);

        var run = await _cli.RunAsync("claims", "revoke", claimId);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("Revoked " + claimId, run.Stdout, StringComparison.Ordinal);
        Assert.Contains("No gateway follows this namespace's stream", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_HumanOutput_ShowsShortKeySubjectStatusAndExpiry()
    {
        await SignInAsync();
        var claimId = await FilePendingClaimAsync();
        await _cli.RunAsync("claims", "approve", claimId, "--expires-in", "2h");

        var run = await _cli.RunAsync("claims", "list");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains(claimId, run.Stdout, StringComparison.Ordinal);
        Assert.Contains("user-7", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("approved", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("in 2h", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("…", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Approve_WithSubjects_LimitsTheApproval()
    {
        await SignInAsync();
        var claimId = await FilePendingClaimAsync();

        var run = await _cli.RunAsync("claims", "approve", claimId, "--subject", "user-7", "--subject", "user-8", "--json");

        var claim = run.Json().GetProperty("claim");
        Assert.Equal(["user-7", "user-8"], claim.GetProperty("allowed_subjects").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(JsonValueKind.Null, claim.GetProperty("expires_at").ValueKind);
    }

    [Fact]
    public async Task Reject_PendingClaim_PrintsRejected()
    {
        await SignInAsync();
        var claimId = await FilePendingClaimAsync();

        var run = await _cli.RunAsync("claims", "reject", claimId);

        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("Rejected " + claimId, run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_KnownClaim_PrintsEveryField()
    {
        await SignInAsync();
        var claimId = await FilePendingClaimAsync();

        var run = await _cli.RunAsync("claims", "show", claimId, "--json");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("pending", run.Json().GetProperty("claim").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Approve_UnknownClaim_ExitsNotFoundWithOneLine()
    {
        await SignInAsync();

        var run = await _cli.RunAsync("claims", "approve", "cl_000000000000000000000000");

        Assert.Equal(ExitCodes.NotFound, run.ExitCode);
        Assert.Empty(run.Stdout);
        Assert.Equal("error: Claim not found (NOT_FOUND)", run.Stderr.TrimEnd());
    }

    [Fact]
    public async Task Revoke_PendingClaim_ExitsCheckFailedWithConflictCode()
    {
        await SignInAsync();
        var claimId = await FilePendingClaimAsync();

        var run = await _cli.RunAsync("claims", "revoke", claimId);

        Assert.Equal(ExitCodes.CheckFailed, run.ExitCode);
        Assert.Contains("(CLAIM_STATE_CONFLICT)", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_NotSignedIn_ExitsAuthWithLoginHint()
    {
        await _cli.RunAsync("init", "alice");

        var run = await _cli.RunAsync("claims", "list");

        Assert.Equal(ExitCodes.Auth, run.ExitCode);
        Assert.Equal($"error: Not signed in to {_server.Url} as alice; run: sigilum auth login", run.Stderr.TrimEnd());
    }

    [Fact]
    public async Task List_TokenRevokedOnServer_ExitsAuthWithLoginHint()
    {
        await SignInAsync();
        using (var owner = new HttpClient())
        {
            owner.DefaultRequestHeaders.Authorization = new("Bearer", _server.StoredToken(_cli.Home, "alice"));
            (await owner.PostAsync(new Uri(_server.Url + "/v1/auth/logout"), null)).EnsureSuccessStatusCode();
        }

        var run = await _cli.RunAsync("claims", "list");

        Assert.Equal(ExitCodes.Auth, run.ExitCode);
        Assert.StartsWith("error: ", run.Stderr, StringComparison.Ordinal);
        Assert.EndsWith("; run: sigilum auth login", run.Stderr.TrimEnd(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_SignedInToAnotherUrlOnly_HintNamesThatUrl()
    {
        await SignInAsync();

        var run = await _cli.RunAsync("claims", "list", "--api-url", "http://127.0.0.1:1");

        Assert.Equal(ExitCodes.Auth, run.ExitCode);
        Assert.Contains($"(but to {_server.Url}: pass --api-url)", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_ServerUnreachable_ExitsNetworkWithStartHint()
    {
        await _cli.RunAsync("init", "alice");
        var unreachable = new Uri("http://127.0.0.1:1");
        new Remote.OwnerTokenStore(new Local.SigilumPaths(_cli.Home)).Save(
            new Remote.StoredToken(Remote.ApiUrl.Key(unreachable), "alice", "tok_x", "own_x", _cli.Time.GetUtcNow().AddDays(1), _cli.Time.GetUtcNow()));

        var run = await _cli.RunAsync("claims", "list", "--api-url", "http://127.0.0.1:1");

        Assert.Equal(ExitCodes.Network, run.ExitCode);
        Assert.StartsWith("error: Cannot reach the control plane at http://127.0.0.1:1 ", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("sigilum up", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_InvalidStatus_IsUsageError()
    {
        var run = await _cli.RunAsync("claims", "list", "--status", "maybe");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
    }

    [Fact]
    public async Task Approve_BadDuration_IsUsageErrorBeforeAnyRequest()
    {
        var run = await _cli.RunAsync("claims", "approve", "cl_x", "--expires-in", "soon");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("--expires-in", run.Stderr, StringComparison.Ordinal);
    }
}
