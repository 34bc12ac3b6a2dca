using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Sigilum.Gateway.ControlPlane;
using Sigilum.Protocol.Identity;
using Sigilum.Protocol.Signatures;
using Sigilum.Testing;

namespace Sigilum.Gateway.Claims;

public sealed class UnapprovedAgentResponderTests
{
    private static readonly DateTimeOffset MidMinute = new(2026, 1, 1, 12, 0, 30, TimeSpan.Zero);

    [Fact]
    public async Task RespondAsync_FilesThenAnswersTheMarkdownPage_UntilTheLimitThen429()
    {
        using var handler = new StaticHandler(HttpStatusCode.Created, "{\"claim_id\":\"cl_1\",\"status\":\"pending\",\"service\":\"openai\"}");
        using var identity = SigningIdentity.FromRecord(IdentityRecord.Create("alice", TimeProvider.System));
        var options = new ControlPlaneLinkOptions { AuditDirectory = "unused", ClaimRateLimitPerMinute = 1 };
        using var client = new ControlPlaneClient(identity, options, TimeProvider.System, handler);
        var responder = new UnapprovedAgentResponder(
            options, new ClaimSubmitLimiter(options.ClaimRateLimitPerMinute, new FakeTimeProvider(MidMinute)),
            new ClaimFiler(client, new FakeServiceKeys(new Dictionary<string, string> { ["openai"] = "sk_test" }), LinkHarness.Log<ClaimFiler>()));

        var (first, firstBody) = await RespondAsync(responder, Agent(identity));
        var (second, secondBody) = await RespondAsync(responder, Agent(identity));

        Assert.Equal(403, first.Response.StatusCode);
        Assert.Contains("- Claim ID: `cl_1`", firstBody, StringComparison.Ordinal);
        Assert.Contains("- Claim state: `pending`", firstBody, StringComparison.Ordinal);
        Assert.Equal(429, second.Response.StatusCode);
        Assert.Equal("AUTH_CLAIM_SUBMIT_RATE_LIMITED", JsonDocument.Parse(secondBody).RootElement.GetProperty("code").GetString());
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task RespondAsync_AutoRegistrationOff_FilesNothingAndIsNeverRateLimited()
    {
        using var handler = new StaticHandler(HttpStatusCode.Created, "{}");
        using var identity = SigningIdentity.FromRecord(IdentityRecord.Create("alice", TimeProvider.System));
        var options = new ControlPlaneLinkOptions { AuditDirectory = "unused", AutoRegisterClaims = false, ClaimRateLimitPerMinute = 1 };
        using var client = new ControlPlaneClient(identity, options, TimeProvider.System, handler);
        var responder = new UnapprovedAgentResponder(
            options, new ClaimSubmitLimiter(1, new FakeTimeProvider(MidMinute)),
            new ClaimFiler(client, new FakeServiceKeys(new Dictionary<string, string> { ["openai"] = "sk_test" }), LinkHarness.Log<ClaimFiler>()));

        await RespondAsync(responder, Agent(identity));
        var (second, body) = await RespondAsync(responder, Agent(identity));

        Assert.Equal(403, second.Response.StatusCode);
        Assert.Contains("- Auto-registration: `disabled`", body, StringComparison.Ordinal);
        Assert.Empty(handler.Requests);
    }

    private static ClaimFilingRequest Agent(SigningIdentity identity) => new()
    {
        ConnectionId = "openai", Namespace = "alice", PublicKey = identity.AgentKeyHeader, AgentIp = "203.0.113.7", Subject = "bob@example.com",
    };

    private static async Task<(HttpContext Context, string Body)> RespondAsync(UnapprovedAgentResponder responder, ClaimFilingRequest agent)
    {
        var context = new DefaultHttpContext();
        using var body = new MemoryStream();
        context.Response.Body = body;
        await responder.RespondAsync(context, agent);
        return (context, Encoding.UTF8.GetString(body.ToArray()));
    }
}
