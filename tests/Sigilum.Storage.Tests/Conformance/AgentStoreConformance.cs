namespace Sigilum.Storage.Conformance;

public abstract class AgentStoreConformance(StoreProvider provider) : StoreTestBase(provider)
{
    [Fact]
    public async Task TouchAsync_FirstSight_InsertsWithBothTimesEqual()
    {
        var ns = await NewNamespaceAsync();

        await Store.Agents.TouchAsync(ns, "ed25519:a", "kid-a", "Bot", T0);

        var agent = Assert.Single(await Store.Agents.ListAsync(ns));
        Assert.Equal((ns, "ed25519:a", "kid-a", "Bot", T0, T0), (agent.Namespace, agent.PublicKey, agent.KeyId, agent.Name, agent.FirstSeenAt, agent.LastSeenAt));
    }

    [Fact]
    public async Task TouchAsync_LaterSightWithoutName_MovesLastSeenAndKeepsNameAndFirstSeen()
    {
        var ns = await NewNamespaceAsync();
        await Store.Agents.TouchAsync(ns, "ed25519:a", "kid-a", "Bot", T0);

        await Store.Agents.TouchAsync(ns, "ed25519:a", "kid-a", null, T0.AddHours(1));

        var agent = Assert.Single(await Store.Agents.ListAsync(ns));
        Assert.Equal(("Bot", T0, T0.AddHours(1)), (agent.Name, agent.FirstSeenAt, agent.LastSeenAt));
    }

    [Fact]
    public async Task TouchAsync_NewName_ReplacesIt()
    {
        var ns = await NewNamespaceAsync();
        await Store.Agents.TouchAsync(ns, "ed25519:a", "kid-a", "Bot", T0);

        await Store.Agents.TouchAsync(ns, "ed25519:a", "kid-a", "Renamed", T0.AddHours(1));

        Assert.Equal("Renamed", Assert.Single(await Store.Agents.ListAsync(ns)).Name);
    }

    [Fact]
    public async Task ListAsync_Namespace_OnlyItsAgentsMostRecentFirst()
    {
        var ns = await NewNamespaceAsync();
        var other = await NewNamespaceAsync();
        await Store.Agents.TouchAsync(ns, "ed25519:old", "k1", null, T0);
        await Store.Agents.TouchAsync(ns, "ed25519:new", "k2", null, T0.AddMinutes(1));
        await Store.Agents.TouchAsync(other, "ed25519:x", "k3", null, T0.AddMinutes(2));

        Assert.Equal(["ed25519:new", "ed25519:old"], (await Store.Agents.ListAsync(ns)).Select(a => a.PublicKey));
    }
}
