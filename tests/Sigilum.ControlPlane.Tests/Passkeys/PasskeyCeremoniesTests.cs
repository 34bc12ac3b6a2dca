using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Sigilum.ControlPlane.Dashboard.Passkeys;
using Sigilum.ControlPlane.Dashboard.Sessions;
using Sigilum.Core.Storage;
using Sigilum.Protocol.Errors;

namespace Sigilum.ControlPlane.Passkeys;

/// <summary>
/// The server-side checks of both WebAuthn ceremonies against a real control plane and store (SQLite, or PostgreSQL
/// with SIGILUM_TEST_STORE=postgres), answered by a software authenticator. In every refusal test exactly one thing
/// is wrong; the same answer with that one thing right is accepted (the *_Accepted tests and the set-up of each).
/// </summary>
public sealed class PasskeyCeremoniesTests : IAsyncLifetime
{
    private readonly FreezableClock _time = new();
    private readonly SoftwareAuthenticator _authenticator = new();
    private ControlPlaneFixture _fixture = null!;
    private PasskeyCeremonies _ceremonies = null!;
    private DashboardUser _user = null!;
    private PasskeyRelyingParty _rp = null!;

    public async Task InitializeAsync()
    {
        _fixture = await ControlPlaneFixture.StartAsync(time: _time);
        var (_, token) = await _fixture.RegisterOwnerAsync("alice");
        var me = await _fixture.PlainClient(token).GetFromJsonAsync<JsonElement>("v1/auth/me");
        _time.Freeze();
        _user = new DashboardUser(me.GetProperty("owner_id").GetString()!, "alice", "session-hash-a", _time.GetUtcNow().AddHours(12));
        _ceremonies = _fixture.Host.Services.GetRequiredService<PasskeyCeremonies>();
        _rp = _fixture.Host.Services.GetRequiredService<PasskeyRelyingPartySource>().Current();
    }

    public async Task DisposeAsync()
    {
        _authenticator.Dispose();
        await _fixture.DisposeAsync();
    }

    private ISigilumStore Store => _fixture.Host.Services.GetRequiredService<ISigilumStore>();

    [Fact]
    public void RelyingParty_NoPublicUrl_IsTheListenerNamedLocalhost()
    {
        var port = new Uri(_fixture.Host.BaseUrl).Port;
        Assert.Equal($"http://localhost:{port}", _rp.Origin);
        Assert.Equal("localhost", _rp.RpId);
    }

    [Fact]
    public void RelyingParty_FromPublicUrl_OriginAndHost()
    {
        var rp = PasskeyRelyingParty.FromUrl(new Uri("https://sigilum.example.com/dashboard"));
        Assert.Equal("https://sigilum.example.com", rp.Origin);
        Assert.Equal("sigilum.example.com", rp.RpId);
    }

    [Fact]
    public async Task Registration_ValidAttestation_StoresPasskey()
    {
        await RegisterAsync();
        var stored = Assert.Single(await Store.Passkeys.ListAsync(_user.OwnerId));
        Assert.Equal(_authenticator.CredentialIdText, stored.CredentialId);
        Assert.Equal("laptop", stored.Name);
        Assert.Equal(["internal"], stored.Transports);
        Assert.Equal(_authenticator.UserHandle, stored.UserHandle);
        Assert.Equal(_time.GetUtcNow(), stored.CreatedAt);
        Assert.Null(stored.LastUsedAt);
    }

    [Fact]
    public async Task Registration_ChallengeOfAnotherSession_Refused()
    {
        var start = await _ceremonies.StartRegistrationAsync(_user, default);
        var other = _user with { SessionHash = "session-hash-b" };
        var result = await _ceremonies.FinishRegistrationAsync(other, start.Token, _authenticator.Register(start.OptionsJson, _rp.Origin, _rp.RpId), "laptop", default);
        Assert.Equal(ErrorCatalogue.DashboardPasskeyChallengeInvalid, result.Error?.Code);
        Assert.Empty(await Store.Passkeys.ListAsync(_user.OwnerId));
    }

    [Fact]
    public async Task Registration_WrongOrigin_Refused()
    {
        var start = await _ceremonies.StartRegistrationAsync(_user, default);
        var result = await _ceremonies.FinishRegistrationAsync(_user, start.Token, _authenticator.Register(start.OptionsJson, "http://localhost:1", _rp.RpId), "laptop", default);
        Assert.Equal(ErrorCatalogue.DashboardPasskeyOriginMismatch, result.Error?.Code);
        Assert.Empty(await Store.Passkeys.ListAsync(_user.OwnerId));
    }

    [Fact]
    public async Task Registration_WrongRpId_Refused()
    {
        var start = await _ceremonies.StartRegistrationAsync(_user, default);
        var result = await _ceremonies.FinishRegistrationAsync(_user, start.Token, _authenticator.Register(start.OptionsJson, _rp.Origin, "evil.example"), "laptop", default);
        Assert.Equal(ErrorCatalogue.DashboardPasskeyRpIdMismatch, result.Error?.Code);
        Assert.Empty(await Store.Passkeys.ListAsync(_user.OwnerId));
    }

    [Fact]
    public async Task Registration_SameCredentialTwice_AlreadyRegistered()
    {
        await RegisterAsync();
        var start = await _ceremonies.StartRegistrationAsync(_user, default);
        var result = await _ceremonies.FinishRegistrationAsync(_user, start.Token, _authenticator.Register(start.OptionsJson, _rp.Origin, _rp.RpId), "again", default);
        Assert.Equal(ErrorCatalogue.DashboardPasskeyAlreadyRegistered, result.Error?.Code);
        Assert.Single(await Store.Passkeys.ListAsync(_user.OwnerId));
    }

    [Fact]
    public async Task SignIn_ValidAssertion_Accepted()
    {
        await RegisterAsync();
        var result = await SignInAsync(counter: 1);
        Assert.Null(result.Error);
        Assert.Equal(_user.OwnerId, result.Value!.OwnerId);
        Assert.Equal("alice", result.Value.Namespace);
        var stored = await Store.Passkeys.FindAsync(_authenticator.CredentialIdText);
        Assert.Equal(1, stored!.SignCount);
        Assert.Equal(_time.GetUtcNow(), stored.LastUsedAt);
    }

    [Fact]
    public async Task SignIn_AuthenticatorWithoutCounter_AcceptedEachTime()
    {
        await RegisterAsync();
        Assert.Null((await SignInAsync(counter: 0)).Error);
        Assert.Null((await SignInAsync(counter: 0)).Error);
    }

    [Fact]
    public async Task SignIn_ChallengeReused_Refused()
    {
        await RegisterAsync();
        var start = await _ceremonies.StartSignInAsync(default);
        Assert.Null((await _ceremonies.FinishSignInAsync(start.Token, _authenticator.Assert(start.OptionsJson, _rp.Origin, _rp.RpId, 1), default)).Error);
        var again = await _ceremonies.FinishSignInAsync(start.Token, _authenticator.Assert(start.OptionsJson, _rp.Origin, _rp.RpId, 2), default);
        Assert.Equal(ErrorCatalogue.DashboardPasskeyChallengeInvalid, again.Error?.Code);
    }

    [Fact]
    public async Task SignIn_ChallengeExpired_Refused()
    {
        await RegisterAsync();
        var start = await _ceremonies.StartSignInAsync(default);
        _time.Advance(_ceremonies.Lifetime);
        var result = await _ceremonies.FinishSignInAsync(start.Token, _authenticator.Assert(start.OptionsJson, _rp.Origin, _rp.RpId, 1), default);
        Assert.Equal(ErrorCatalogue.DashboardPasskeyChallengeExpired, result.Error?.Code);
    }

    [Fact]
    public async Task SignIn_ChallengeJustBeforeExpiry_Accepted()
    {
        await RegisterAsync();
        var start = await _ceremonies.StartSignInAsync(default);
        _time.Advance(_ceremonies.Lifetime - TimeSpan.FromSeconds(1));
        Assert.Null((await _ceremonies.FinishSignInAsync(start.Token, _authenticator.Assert(start.OptionsJson, _rp.Origin, _rp.RpId, 1), default)).Error);
    }

    [Fact]
    public async Task SignIn_TokenOfNoChallenge_Refused()
    {
        await RegisterAsync();
        var start = await _ceremonies.StartSignInAsync(default);
        var result = await _ceremonies.FinishSignInAsync(PasskeyCeremonies.TokenPrefix + "another-browser", _authenticator.Assert(start.OptionsJson, _rp.Origin, _rp.RpId, 1), default);
        Assert.Equal(ErrorCatalogue.DashboardPasskeyChallengeInvalid, result.Error?.Code);
    }

    [Fact]
    public async Task SignIn_RegistrationChallenge_Refused()
    {
        await RegisterAsync();
        var registration = await _ceremonies.StartRegistrationAsync(_user, default);
        var result = await _ceremonies.FinishSignInAsync(registration.Token, _authenticator.Assert(registration.OptionsJson, _rp.Origin, _rp.RpId, 1), default);
        Assert.Equal(ErrorCatalogue.DashboardPasskeyChallengeInvalid, result.Error?.Code);
    }

    [Fact]
    public async Task SignIn_AnswerToAnotherChallenge_Refused()
    {
        await RegisterAsync();
        var mine = await _ceremonies.StartSignInAsync(default);
        var other = await _ceremonies.StartSignInAsync(default);
        var result = await _ceremonies.FinishSignInAsync(mine.Token, _authenticator.Assert(other.OptionsJson, _rp.Origin, _rp.RpId, 1), default);
        Assert.Equal(ErrorCatalogue.DashboardPasskeyChallengeInvalid, result.Error?.Code);
    }

    [Fact]
    public async Task SignIn_WrongOrigin_Refused()
    {
        await RegisterAsync();
        var start = await _ceremonies.StartSignInAsync(default);
        var result = await _ceremonies.FinishSignInAsync(start.Token, _authenticator.Assert(start.OptionsJson, "http://localhost:1", _rp.RpId, 1), default);
        Assert.Equal(ErrorCatalogue.DashboardPasskeyOriginMismatch, result.Error?.Code);
    }

    [Fact]
    public async Task SignIn_WrongRpId_Refused()
    {
        await RegisterAsync();
        var start = await _ceremonies.StartSignInAsync(default);
        var result = await _ceremonies.FinishSignInAsync(start.Token, _authenticator.Assert(start.OptionsJson, _rp.Origin, "evil.example", 1), default);
        Assert.Equal(ErrorCatalogue.DashboardPasskeyRpIdMismatch, result.Error?.Code);
    }

    [Fact]
    public async Task SignIn_CounterNotAboveLastUse_Refused()
    {
        await RegisterAsync();
        Assert.Null((await SignInAsync(counter: 5)).Error);
        Assert.Equal(ErrorCatalogue.DashboardPasskeyCounterRegressed, (await SignInAsync(counter: 5)).Error?.Code);
        Assert.Equal(ErrorCatalogue.DashboardPasskeyCounterRegressed, (await SignInAsync(counter: 4)).Error?.Code);
        Assert.Equal(ErrorCatalogue.DashboardPasskeyCounterRegressed, (await SignInAsync(counter: 0)).Error?.Code);
        Assert.Equal(5, (await Store.Passkeys.FindAsync(_authenticator.CredentialIdText))!.SignCount);
    }

    [Fact]
    public async Task SignIn_BadSignature_Refused()
    {
        await RegisterAsync();
        var start = await _ceremonies.StartSignInAsync(default);
        var result = await _ceremonies.FinishSignInAsync(start.Token, _authenticator.Assert(start.OptionsJson, _rp.Origin, _rp.RpId, 1, corruptSignature: true), default);
        Assert.Equal(ErrorCatalogue.DashboardPasskeyInvalid, result.Error?.Code);
    }

    [Fact]
    public async Task SignIn_RemovedPasskey_Refused()
    {
        await RegisterAsync();
        Assert.True(await Store.Passkeys.RemoveAsync(_user.OwnerId, _authenticator.CredentialIdText));
        Assert.Equal(ErrorCatalogue.DashboardPasskeyUnknown, (await SignInAsync(counter: 1)).Error?.Code);
    }

    [Fact]
    public async Task SignIn_MalformedAnswer_Refused()
    {
        var start = await _ceremonies.StartSignInAsync(default);
        var result = await _ceremonies.FinishSignInAsync(start.Token, "{\"id\":", default);
        Assert.Equal(ErrorCatalogue.DashboardPasskeyInvalid, result.Error?.Code);
    }

    [Fact]
    public async Task RecordUse_TwoAnswersWithOneCounter_OnlyOneWins()
    {
        await RegisterAsync();
        var results = await Task.WhenAll(
            Store.Passkeys.RecordUseAsync(_authenticator.CredentialIdText, 7, _time.GetUtcNow()),
            Store.Passkeys.RecordUseAsync(_authenticator.CredentialIdText, 7, _time.GetUtcNow()));
        Assert.Single(results, r => r);
    }

    [Fact]
    public async Task ConsumeChallenge_Twice_OnlyFirstWins()
    {
        var start = await _ceremonies.StartSignInAsync(default);
        var hash = Core.Ids.IdGenerator.HashToken(start.Token);
        Assert.True(await Store.Passkeys.ConsumeChallengeAsync(hash, _time.GetUtcNow()));
        Assert.False(await Store.Passkeys.ConsumeChallengeAsync(hash, _time.GetUtcNow()));
    }

    [Fact]
    public async Task SignInLinks_Recovery_LiftsPasskeyRequirement()
    {
        var (_, token) = await _fixture.RegisterOwnerAsync("bob");
        await Store.Passkeys.SetRequiredAsync("bob", required: true, _time.GetUtcNow());
        var plain = await _fixture.PlainClient(token).PostAsync("v1/auth/sign-in-links", null);
        Assert.False((await plain.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("passkey_requirement_lifted").GetBoolean());
        Assert.True(await Store.Passkeys.IsRequiredAsync("bob"));
        var recovery = await _fixture.PlainClient(token).PostAsync("v1/auth/sign-in-links?recovery=true", null);
        Assert.True((await recovery.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("passkey_requirement_lifted").GetBoolean());
        Assert.False(await Store.Passkeys.IsRequiredAsync("bob"));
    }

    private async Task RegisterAsync()
    {
        var start = await _ceremonies.StartRegistrationAsync(_user, default);
        var result = await _ceremonies.FinishRegistrationAsync(_user, start.Token, _authenticator.Register(start.OptionsJson, _rp.Origin, _rp.RpId), "laptop", default);
        Assert.Null(result.Error);
    }

    private async Task<PasskeyResult<PasskeySignIn>> SignInAsync(uint counter)
    {
        var start = await _ceremonies.StartSignInAsync(default);
        return await _ceremonies.FinishSignInAsync(start.Token, _authenticator.Assert(start.OptionsJson, _rp.Origin, _rp.RpId, counter), default);
    }
}
