using Sigilum.Core.Ids;
using Sigilum.Core.Sessions;

namespace Sigilum.Storage.Conformance;

public abstract class SessionStoreConformance(StoreProvider provider) : StoreTestBase(provider)
{
    private async Task<OwnerSession> NewSessionAsync(OwnerSessionKind kind = OwnerSessionKind.SignInLink)
    {
        var ns = await NewNamespaceAsync();
        var session = new OwnerSession
        {
            TokenHash = IdGenerator.HashToken(IdGenerator.Token("sl_")),
            OwnerId = (await Store.Namespaces.GetAsync(ns))!.OwnerId,
            Namespace = ns,
            Kind = kind,
            CreatedAt = T0,
            ExpiresAt = T0.AddMinutes(15),
        };
        await Store.Sessions.CreateAsync(session);
        return session;
    }

    [Theory]
    [InlineData(OwnerSessionKind.CliToken)]
    [InlineData(OwnerSessionKind.SignInLink)]
    [InlineData(OwnerSessionKind.Browser)]
    public async Task CreateAsync_Session_RoundTrips(OwnerSessionKind kind)
    {
        var session = await NewSessionAsync(kind);

        Assert.Equal(session, await Store.Sessions.FindAsync(session.TokenHash));
        Assert.Null(await Store.Sessions.FindAsync(new string('f', 64)));
    }

    [Fact]
    public async Task ConsumeAsync_Twice_FirstTrueThenFalse()
    {
        var session = await NewSessionAsync();

        Assert.True(await Store.Sessions.ConsumeAsync(session.TokenHash, T0.AddMinutes(1)));
        Assert.False(await Store.Sessions.ConsumeAsync(session.TokenHash, T0.AddMinutes(2)));

        Assert.Equal(T0.AddMinutes(1), (await Store.Sessions.FindAsync(session.TokenHash))!.ConsumedAt);
    }

    [Fact]
    public async Task ConsumeAsync_ConcurrentFromTwoInstances_ExactlyOneWins()
    {
        var session = await NewSessionAsync();
        var other = await OpenAsync();

        var results = await RaceAsync(20, i => (i % 2 == 0 ? Store : other).Sessions.ConsumeAsync(session.TokenHash, T0.AddMinutes(1)));

        Assert.Equal(1, results.Count(r => r));
    }

    [Fact]
    public async Task ConsumeAsync_RevokedOrExpiredOrUnknown_ReturnsFalse()
    {
        var revoked = await NewSessionAsync();
        var expired = await NewSessionAsync();
        Assert.True(await Store.Sessions.RevokeAsync(revoked.TokenHash, T0));

        Assert.False(await Store.Sessions.ConsumeAsync(revoked.TokenHash, T0.AddMinutes(1)));
        Assert.False(await Store.Sessions.ConsumeAsync(expired.TokenHash, expired.ExpiresAt));
        Assert.False(await Store.Sessions.ConsumeAsync(new string('0', 64), T0));
        Assert.Null((await Store.Sessions.FindAsync(expired.TokenHash))!.ConsumedAt);
    }

    [Fact]
    public async Task RevokeAsync_Twice_SecondReturnsFalseAndKeepsTheFirstTime()
    {
        var session = await NewSessionAsync(OwnerSessionKind.CliToken);

        Assert.True(await Store.Sessions.RevokeAsync(session.TokenHash, T0.AddMinutes(1)));
        Assert.False(await Store.Sessions.RevokeAsync(session.TokenHash, T0.AddMinutes(2)));

        var read = (await Store.Sessions.FindAsync(session.TokenHash))!;
        Assert.Equal(T0.AddMinutes(1), read.RevokedAt);
        Assert.False(read.IsUsable(T0.AddMinutes(3)));
    }

    [Fact]
    public async Task RevokeAllAsync_OwnersOtherSessionsOfThatKind_OnlyThoseRevoked()
    {
        var kept = await NewSessionAsync(OwnerSessionKind.Browser);
        var other = kept with { TokenHash = IdGenerator.HashToken(IdGenerator.Token("sgb_")) };
        var cliToken = kept with { TokenHash = IdGenerator.HashToken(IdGenerator.Token("sgo_")), Kind = OwnerSessionKind.CliToken };
        await Store.Sessions.CreateAsync(other);
        await Store.Sessions.CreateAsync(cliToken);
        var stranger = await NewSessionAsync(OwnerSessionKind.Browser);

        Assert.Equal(1, await Store.Sessions.RevokeAllAsync(kept.OwnerId, OwnerSessionKind.Browser, kept.TokenHash, T0.AddMinutes(1)));

        Assert.True((await Store.Sessions.FindAsync(kept.TokenHash))!.IsUsable(T0.AddMinutes(2)));
        Assert.False((await Store.Sessions.FindAsync(other.TokenHash))!.IsUsable(T0.AddMinutes(2)));
        Assert.True((await Store.Sessions.FindAsync(cliToken.TokenHash))!.IsUsable(T0.AddMinutes(2)));
        Assert.True((await Store.Sessions.FindAsync(stranger.TokenHash))!.IsUsable(T0.AddMinutes(2)));
    }
}
