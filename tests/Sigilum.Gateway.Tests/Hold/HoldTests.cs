using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Sigilum.Gateway.Claims;
using Sigilum.Gateway.Diagnostics;
using Sigilum.Gateway.Hosting;
using Sigilum.Protocol.Errors;
using Sigilum.Protocol.Signatures;
using Sigilum.Testing;

namespace Sigilum.Gateway.Hold;

/// <summary>
/// Hold-and-approve on the whole gateway (ADR 0055): a real control plane, a real gateway and an upstream that answers with
/// the credential it received. The gateway's wall clock is fake (it follows the real one until a test moves it on, to
/// outlive a signature's tolerance); its timers are real, so the timeouts here are 1 s holds (the timeout on a clock that
/// only the test moves is <see cref="ApprovalHoldTests"/>).
/// </summary>
public sealed class HoldTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly FakeTimeProvider _clock = new(TimeProvider.System.GetUtcNow());
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _received = new();
    private GatewayStack _stack = null!;

    public async Task InitializeAsync() => _stack = await StartAsync(_ => { });

    public async Task DisposeAsync() => await _stack.DisposeAsync();

    [Fact]
    public async Task Hold_OffByDefault_ClaimRequiredAtOnce_EvenWithPrefer()
    {
        var agent = _stack.NewAgent();

        using var admin = _stack.AdminClient();
        var connection = await admin.GetFromJsonAsync<JsonElement>("api/admin/connections/" + GatewayStack.Service);
        Assert.Equal(0, connection.GetProperty("hold_seconds").GetInt32());

        using var answer = await SendAsync(agent, "proxy/echo/v1/models", wait: 30).WaitAsync(Patience);

        AssertClaimRequired(answer);
        Assert.False(answer.Headers.Contains(HoldPlan.PreferenceAppliedHeader));
        Assert.Equal(0, Held.Count);
    }

    [Fact]
    public async Task Hold_ApprovedWhileHeld_ForwardedWithTheSecret_NonceRecordedOnce()
    {
        await SetHoldAsync(60);
        var agent = _stack.NewAgent();

        var held = SendAsync(agent, "proxy/echo/v1/models");
        var claimId = await PendingClaimAsync(agent);
        Assert.False(held.IsCompleted);
        Assert.Equal(1, Held.Count);
        await _stack.ControlPlane.ApproveAsync(_stack.OwnerToken, claimId);

        // 200 from the upstream, with the credential: the nonce recorded on arrival was not recorded again (that would be
        // AUTH_REPLAY_DETECTED), and the release went through audit and the CTL-01 recheck like any approved request.
        using var answer = await held.WaitAsync(Patience);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        // The upstream got the credential (the answer itself is scrubbed of it on the way back, ADR 0044).
        Assert.Equal("Bearer " + GatewayStack.Secret, Assert.Single(_received));
        Assert.Equal(0, Held.Count);
    }

    [Fact]
    public async Task Hold_WhileHeld_MetricsCountIt_AndNotAfter()
    {
        await SetHoldAsync(60);
        var agent = _stack.NewAgent();

        var held = SendAsync(agent, "proxy/echo/v1/models");
        var claimId = await PendingClaimAsync(agent);
        Assert.Equal(1, await HeldGaugeAsync());
        await _stack.ControlPlane.ApproveAsync(_stack.OwnerToken, claimId);
        using var answer = await held.WaitAsync(Patience);

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal(0, await HeldGaugeAsync());
    }

    [Fact]
    public async Task Hold_SignatureOutlivesItsToleranceWhileHeld_StillReleased_FreshnessCheckedOnArrivalOnly()
    {
        await _stack.DisposeAsync();
        _stack = await StartAsync(options => options.TimestampToleranceSeconds = 60);
        await SetHoldAsync(120);
        var agent = _stack.NewAgent();

        var held = SendAsync(agent, "proxy/echo/v1/models");
        var claimId = await PendingClaimAsync(agent);
        // The signature is now older than the 60 s tolerance; it was checked when the request arrived, not again.
        _clock.SetUtcNow(TimeProvider.System.GetUtcNow() + TimeSpan.FromSeconds(90));
        await _stack.ControlPlane.ApproveAsync(_stack.OwnerToken, claimId);

        using var answer = await held.WaitAsync(Patience);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
    }

    [Fact]
    public async Task Hold_OwnerRejects_MarkdownClaimRequired()
    {
        await SetHoldAsync(60);
        var agent = _stack.NewAgent();

        var held = SendAsync(agent, "proxy/echo/v1/models");
        var claimId = await PendingClaimAsync(agent);
        using (var owner = _stack.ControlPlane.OwnerClient(_stack.OwnerToken))
        {
            using var rejected = await owner.PostAsync(new Uri($"v1/claims/{claimId}/reject", UriKind.Relative), null);
            rejected.EnsureSuccessStatusCode();
        }

        using var answer = await held.WaitAsync(Patience);
        AssertClaimRequired(answer);
        Assert.Equal(0, Held.Count);
    }

    [Fact]
    public async Task Hold_RunsOut_MarkdownClaimRequired()
    {
        await SetHoldAsync(1);
        var agent = _stack.NewAgent();

        using var answer = await SendAsync(agent, "proxy/echo/v1/models").WaitAsync(Patience);

        // The claim was filed at once and is still pending for the owner.
        await PendingClaimAsync(agent);
        AssertClaimRequired(answer);
        Assert.False(answer.Headers.Contains(HoldPlan.PreferenceAppliedHeader));
        Assert.Equal(0, Held.Count);
    }

    [Fact]
    public async Task Hold_PreferWaitAboveTheConnection_CappedByIt_PreferenceApplied()
    {
        await SetHoldAsync(1);
        var agent = _stack.NewAgent();

        // Held for the connection's 1 s, not the 600 s asked for (Patience is 30 s).
        using var answer = await SendAsync(agent, "proxy/echo/v1/models", wait: 600).WaitAsync(Patience);

        AssertClaimRequired(answer);
        Assert.Equal("wait=1", answer.Headers.GetValues(HoldPlan.PreferenceAppliedHeader).Single());
    }

    [Fact]
    public async Task Hold_PreferWaitZero_NotHeld()
    {
        await SetHoldAsync(60);

        using var answer = await SendAsync(_stack.NewAgent(), "proxy/echo/v1/models", wait: 0).WaitAsync(Patience);

        AssertClaimRequired(answer);
        Assert.Equal(0, Held.Count);
    }

    [Fact]
    public async Task Hold_ClientDisconnects_ItsSlotIsGivenBack()
    {
        await SetHoldAsync(60);
        var agent = _stack.NewAgent();
        using var leave = new CancellationTokenSource();

        var held = SendAsync(agent, "proxy/echo/v1/models", cancellation: leave.Token);
        await PendingClaimAsync(agent);
        Assert.Equal(1, Held.Count);
        await leave.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => held);
        await WaitUntilAsync(() => Held.Count == 0);
    }

    [Fact]
    public async Task Hold_PerAgentLimitReached_429_AgentLimit_OtherAgentStillHeld()
    {
        await _stack.DisposeAsync();
        _stack = await StartAsync(options => options.Hold = new HoldOptions { MaxPerAgent = 1, MaxTotal = 10 });
        await SetHoldAsync(60);
        var agent = _stack.NewAgent();
        var first = SendAsync(agent, "proxy/echo/first");
        await PendingClaimAsync(agent);

        using var second = await SendAsync(agent, "proxy/echo/second").WaitAsync(Patience);

        Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
        Assert.Equal(ErrorCatalogue.AuthHoldAgentLimit, second.Headers.GetValues(GatewayErrorResponse.CodeHeader).Single());
        var other = _stack.NewAgent();
        var third = SendAsync(other, "proxy/echo/third");
        await PendingClaimAsync(other);
        Assert.Equal(2, Held.Count);
        Assert.False(first.IsCompleted || third.IsCompleted);
    }

    [Fact]
    public async Task Hold_GatewayLimitReached_429_GatewayLimit()
    {
        await _stack.DisposeAsync();
        _stack = await StartAsync(options => options.Hold = new HoldOptions { MaxPerAgent = 10, MaxTotal = 1 });
        await SetHoldAsync(60);
        var agent = _stack.NewAgent();
        var first = SendAsync(agent, "proxy/echo/first");
        await PendingClaimAsync(agent);

        using var other = await SendAsync(_stack.NewAgent(), "proxy/echo/other").WaitAsync(Patience);

        Assert.Equal(HttpStatusCode.TooManyRequests, other.StatusCode);
        Assert.Equal(ErrorCatalogue.AuthHoldGatewayLimit, other.Headers.GetValues(GatewayErrorResponse.CodeHeader).Single());
        Assert.False(first.IsCompleted);
    }

    private HeldRequests Held => _stack.Gateway.Services.GetRequiredService<HeldRequests>();

    /// <summary>The gauge as a scraper sees it: <c>/metrics</c> over HTTP, parsed.</summary>
    private async Task<double?> HeldGaugeAsync()
    {
        using var admin = _stack.AdminClient();
        var text = await admin.GetStringAsync(new Uri("metrics", UriKind.Relative));
        return Operations.PrometheusParser.Parse(text).Value("sigilum_gateway_requests_held");
    }

    private async Task<GatewayStack> StartAsync(Action<GatewayOptions> configure) =>
        await GatewayStack.StartAsync(UpstreamAsync, options =>
        {
            // Agents sign on the real clock; the gateway's stands where the test put it, so skew must not matter here.
            options.FutureSkewSeconds = 300;
            configure(options);
        }, time: _clock);

    private async Task SetHoldAsync(int seconds)
    {
        using var admin = _stack.AdminClient();
        using var patched = await admin.PatchAsJsonAsync("api/admin/connections/" + GatewayStack.Service, new { hold_seconds = seconds });
        patched.EnsureSuccessStatusCode();
        Assert.Equal(seconds, (await patched.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("hold_seconds").GetInt32());
    }

    private async Task<HttpResponseMessage> SendAsync(SigningIdentity agent, string path, int? wait = null, CancellationToken cancellation = default)
    {
        var client = _stack.AgentClient(agent);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        if (wait is { } seconds)
        {
            request.Headers.TryAddWithoutValidation(HoldPlan.PreferHeader, "wait=" + seconds);
        }
        return await client.SendAsync(request, cancellation);
    }

    /// <summary>The claim the gateway filed for <paramref name="agent"/>, once it is pending on the control plane.</summary>
    private async Task<string> PendingClaimAsync(SigningIdentity agent)
    {
        using var owner = _stack.ControlPlane.OwnerClient(_stack.OwnerToken);
        string? id = null;
        await WaitUntilAsync(async () =>
        {
            var claims = await owner.GetFromJsonAsync<JsonElement>($"v1/namespaces/{GatewayStack.Namespace}/claims?status=pending");
            id = claims.GetProperty("claims").EnumerateArray()
                .Where(c => c.GetProperty("public_key").GetString() == agent.AgentKeyHeader)
                .Select(c => c.GetProperty("claim_id").GetString())
                .FirstOrDefault();
            return id is not null;
        });
        return id!;
    }

    private static void AssertClaimRequired(HttpResponseMessage answer)
    {
        Assert.Equal(HttpStatusCode.Forbidden, answer.StatusCode);
        Assert.Equal(ErrorCatalogue.AuthClaimRequired, answer.Headers.GetValues(GatewayErrorResponse.CodeHeader).Single());
        Assert.Equal(ClaimRequiredResponse.ContentType, answer.Content.Headers.ContentType!.ToString());
    }

    private static Task WaitUntilAsync(Func<bool> condition) => WaitUntilAsync(() => Task.FromResult(condition()));

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.True(clock.Elapsed < Patience, "condition not met within 30 s");
            await Task.Delay(TimeSpan.FromMilliseconds(20));
        }
    }

    private async Task UpstreamAsync(HttpContext context)
    {
        _received.Enqueue(context.Request.Headers.Authorization.ToString());
        context.Response.StatusCode = StatusCodes.Status200OK;
        await context.Response.WriteAsync("ok");
    }
}
