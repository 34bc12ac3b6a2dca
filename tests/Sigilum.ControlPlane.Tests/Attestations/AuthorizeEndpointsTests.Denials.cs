namespace Sigilum.ControlPlane.Attestations;

/// <summary>DENIED decisions, one reason each.</summary>
public sealed partial class AuthorizeEndpointsTests
{
    [Theory]
    [InlineData("revoke", "SIGIL_CLAIM_REVOKED")]
    [InlineData("reject", "SIGIL_CLAIM_REJECTED")]
    public async Task Authorize_OwnerTurnedDown_IsDeniedWithCode(string decision, string code)
    {
        var agent = _cp.NewIdentity("alice");
        var holdId = (await AttestationFixture.JsonAsync(await _cp.AuthorizeAsync(agent, "GET", Url))).GetProperty("hold_id").GetString()!;
        if (decision == "revoke")
        {
            await _cp.DecideAsync(_token, holdId, "approve");
        }
        await _cp.DecideAsync(_token, holdId, decision);

        var response = await _cp.AuthorizeAsync(agent, "GET", Url);

        await AssertDeniedAsync(response, code);
    }

    [Fact]
    public async Task Authorize_ApprovalExpired_IsDeniedWithApprovalExpired()
    {
        var agent = _cp.NewIdentity("alice");
        await _cp.ApprovedAgentAsync(_token, agent, Url, new { expires_in_seconds = 60 });
        _cp.Time.Advance(TimeSpan.FromSeconds(60));

        await AssertDeniedAsync(await _cp.AuthorizeAsync(agent, "GET", Url), "SIGIL_APPROVAL_EXPIRED");
    }

    [Fact]
    public async Task Authorize_ApprovalForOtherSubjects_IsDeniedWithSubjectNotAllowed()
    {
        var agent = _cp.NewIdentity("alice");
        await _cp.ApprovedAgentAsync(_token, agent, Url, new { allowed_subjects = new[] { "someone-else" } });

        await AssertDeniedAsync(await _cp.AuthorizeAsync(agent, "GET", Url), "SIGIL_SUBJECT_NOT_ALLOWED");
    }

    [Theory]
    [InlineData("https://api.anthropic.com/v1/messages")]
    [InlineData("https://openai.com/")]
    public async Task Authorize_HostOfNoService_IsDeniedWithNoServiceForHost(string url)
    {
        await AssertDeniedAsync(await _cp.AuthorizeAsync(_cp.NewIdentity("alice"), "GET", url), "SIGIL_NO_SERVICE_FOR_HOST");
        Assert.Equal(0, (await _cp.Host.Store.Claims.ListAsync(new Core.Claims.ClaimQuery { Namespace = "alice" })).Total);
    }

    [Fact]
    public async Task Authorize_HostOfAnotherNamespacesService_IsDeniedWithNoServiceForHost()
    {
        var bob = await _cp.RegisterOwnerAsync("bob");
        await _cp.CreateServiceAsync(bob, "bob", "slack", "slack.com");

        await AssertDeniedAsync(await _cp.AuthorizeAsync(_cp.NewIdentity("alice"), "GET", "https://slack.com/api/chat.postMessage"), "SIGIL_NO_SERVICE_FOR_HOST");
    }

    [Fact]
    public async Task Authorize_TwoServicesListTheHost_IsDeniedAsAmbiguous()
    {
        await _cp.CreateServiceAsync(_token, "alice", "openai-dev", "api.openai.com");

        await AssertDeniedAsync(await _cp.AuthorizeAsync(_cp.NewIdentity("alice"), "GET", Url), "SIGIL_SERVICE_AMBIGUOUS");
    }

    [Fact]
    public async Task Authorize_TwoServicesListTheHostAndOneIsApproved_ApprovesForThatOne()
    {
        var agent = _cp.NewIdentity("alice");
        await _cp.ApprovedAgentAsync(_token, agent, Url);
        await _cp.CreateServiceAsync(_token, "alice", "openai-dev", "api.openai.com");

        var body = await AttestationFixture.JsonAsync(await _cp.AuthorizeAsync(agent, "GET", Url));

        Assert.Equal(("APPROVED", "openai"), (body.GetProperty("status").GetString(), body.GetProperty("service").GetString()));
    }

    [Fact]
    public async Task Authorize_WildcardService_MatchesSubdomain()
    {
        await _cp.CreateServiceAsync(_token, "alice", "slack", "*.slack.com");

        var body = await AttestationFixture.JsonAsync(await _cp.AuthorizeAsync(_cp.NewIdentity("alice"), "GET", "https://hooks.slack.com/services/x"));

        Assert.Equal(("HOLD", "slack"), (body.GetProperty("status").GetString(), body.GetProperty("service").GetString()));
    }

    [Fact]
    public async Task Authorize_NamespaceAtPendingHoldLimit_IsDeniedWithHoldLimit()
    {
        await using var limited = await AttestationFixture.StartAsync(o => o.Attestations.MaxPendingHoldsPerNamespace = 1);
        var token = await limited.RegisterOwnerAsync("alice");
        await limited.CreateServiceAsync(token, "alice", "openai", "api.openai.com");
        Assert.Equal("HOLD", (await AttestationFixture.JsonAsync(await limited.AuthorizeAsync(limited.NewIdentity("alice"), "GET", Url))).GetProperty("status").GetString());

        var response = await limited.AuthorizeAsync(limited.NewIdentity("alice"), "GET", Url);

        await AssertDeniedAsync(response, "SIGIL_HOLD_LIMIT");
    }
}
