using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Sigilum.ControlPlane.Attestations;

namespace Sigilum.ControlPlane.Claims;

public sealed class PendingClaimExpiryTests : IAsyncLifetime
{
    private AttestationFixture _cp = null!;

    public async Task InitializeAsync() => _cp = await AttestationFixture.StartAsync();

    public async Task DisposeAsync() => await _cp.DisposeAsync();

    private async Task<(string Token, string ClaimId)> PendingClaimAsync()
    {
        var token = await _cp.RegisterOwnerAsync("alice");
        await _cp.CreateServiceAsync(token, "alice", "openai", "api.openai.com");
        var hold = await AttestationFixture.JsonAsync(await _cp.AuthorizeAsync(_cp.NewIdentity("alice"), "GET", "https://api.openai.com/v1/models"));
        Assert.Equal("HOLD", hold.GetProperty("status").GetString());
        return (token, hold.GetProperty("hold_id").GetString()!);
    }

    private async Task<JsonElement> ClaimAsync(string token, string claimId) =>
        await _cp.PlainClient(token).GetFromJsonAsync<JsonElement>($"v1/claims/{claimId}");

    [Fact]
    public async Task Sweep_PendingOlderThanExpiry_ExpiresItOnce()
    {
        var (token, claimId) = await PendingClaimAsync();
        var sweep = _cp.Host.Services.GetRequiredService<PendingClaimExpiry>();

        _cp.Time.Advance(TimeSpan.FromHours(23));
        Assert.Equal(0, await sweep.SweepOnceAsync(CancellationToken.None));
        Assert.Equal("pending", (await ClaimAsync(token, claimId)).GetProperty("status").GetString());

        _cp.Time.Advance(TimeSpan.FromHours(2));
        Assert.Equal(1, await sweep.SweepOnceAsync(CancellationToken.None));
        var claim = await ClaimAsync(token, claimId);
        Assert.Equal("expired", claim.GetProperty("status").GetString());
        Assert.Equal("pending_expired", claim.GetProperty("reason").GetString());
        Assert.Equal(0, await sweep.SweepOnceAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Sweep_ApprovedClaims_AreNeverExpiredByIt()
    {
        var (token, claimId) = await PendingClaimAsync();
        await _cp.DecideAsync(token, claimId, "approve");
        var sweep = _cp.Host.Services.GetRequiredService<PendingClaimExpiry>();

        _cp.Time.Advance(TimeSpan.FromDays(3));

        Assert.Equal(0, await sweep.SweepOnceAsync(CancellationToken.None));
        Assert.Equal("approved", (await ClaimAsync(token, claimId)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Sweep_ExpiredClaim_IsListedUnderExpired()
    {
        var (token, claimId) = await PendingClaimAsync();
        _cp.Time.Advance(TimeSpan.FromHours(25));
        await _cp.Host.Services.GetRequiredService<PendingClaimExpiry>().SweepOnceAsync(CancellationToken.None);

        var list = await _cp.PlainClient(token).GetFromJsonAsync<JsonElement>("v1/namespaces/alice/claims?status=expired");

        Assert.Equal(claimId, Assert.Single(list.GetProperty("claims").EnumerateArray()).GetProperty("claim_id").GetString());
    }
}
