using Sigilum.Core.Attestations;

namespace Sigilum.Storage.Conformance;

public abstract class SigningKeyStoreConformance(StoreProvider provider) : StoreTestBase(provider)
{
    private static SigningKeyRecord Key(string kid, DateTimeOffset createdAt) => new()
    {
        Kid = kid,
        PublicKey = [.. Enumerable.Range(0, 32).Select(i => (byte)(i * 7))],
        SealedSeed = [.. Enumerable.Range(0, 60).Select(i => (byte)(255 - i))],
        CreatedAt = createdAt,
    };

    [Fact]
    public async Task ListAsync_SeveralKeys_NewestFirstWithBytesIntact()
    {
        await Store.SigningKeys.AddAsync(Key("k1", T0));
        await Store.SigningKeys.AddAsync(Key("k3", T0.AddDays(2)));
        await Store.SigningKeys.AddAsync(Key("k2", T0.AddDays(1)));

        var keys = await Store.SigningKeys.ListAsync();

        Assert.Equal(["k3", "k2", "k1"], keys.Select(k => k.Kid));
        Assert.Equal(Key("k1", T0).PublicKey, keys[2].PublicKey);
        Assert.Equal(Key("k1", T0).SealedSeed, keys[2].SealedSeed);
        Assert.Null(keys[2].RetiredAt);
    }

    [Fact]
    public async Task RetireAsync_Twice_SecondReturnsFalseAndKeepsTheFirstTime()
    {
        await Store.SigningKeys.AddAsync(Key("k1", T0));

        Assert.True(await Store.SigningKeys.RetireAsync("k1", T0.AddDays(1)));
        Assert.False(await Store.SigningKeys.RetireAsync("k1", T0.AddDays(2)));
        Assert.False(await Store.SigningKeys.RetireAsync("unknown", T0));

        Assert.Equal(T0.AddDays(1), (await Store.SigningKeys.ListAsync()).Single().RetiredAt);
    }
}
