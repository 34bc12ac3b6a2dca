using Sigilum.Core.Ids;
using Sigilum.Core.Nodes;

namespace Sigilum.Storage.Conformance;

public abstract class NodeStoreConformance(StoreProvider provider) : StoreTestBase(provider)
{
    private static DataPlaneNode Node(string ns, string publicKey, DataPlaneKind kind = DataPlaneKind.Gateway) => new()
    {
        Id = IdGenerator.New("node_"),
        Namespace = ns,
        Kind = kind,
        Name = "laptop gateway",
        PublicKey = publicKey,
        Version = "0.1.0",
        RegisteredAt = T0,
    };

    [Fact]
    public async Task RegisterAsync_NewKey_StoresAndReturnsTheNode()
    {
        var ns = await NewNamespaceAsync();
        var node = Node(ns, "ed25519:n1", DataPlaneKind.Vault);

        Assert.Equal(node, await Store.Nodes.RegisterAsync(node));

        Assert.Equal(node, await Store.Nodes.GetAsync(node.Id));
        Assert.Equal(node, await Store.Nodes.FindByKeyAsync(ns, "ed25519:n1"));
    }

    [Fact]
    public async Task RegisterAsync_KnownKey_KeepsIdAndRegisteredAtAndUpdatesTheRest()
    {
        var ns = await NewNamespaceAsync();
        var first = await Store.Nodes.RegisterAsync(Node(ns, "ed25519:n1"));

        var again = await Store.Nodes.RegisterAsync(Node(ns, "ed25519:n1", DataPlaneKind.Vault) with { Name = "renamed", Version = "0.2.0", RegisteredAt = T0.AddDays(1) });

        Assert.Equal(first with { Kind = DataPlaneKind.Vault, Name = "renamed", Version = "0.2.0" }, again);
        Assert.Single(await Store.Nodes.ListAsync(ns));
    }

    [Fact]
    public async Task RegisterAsync_SameKeyInTwoNamespaces_TwoNodes()
    {
        var a = await NewNamespaceAsync();
        var b = await NewNamespaceAsync();

        var first = await Store.Nodes.RegisterAsync(Node(a, "ed25519:shared"));
        var second = await Store.Nodes.RegisterAsync(Node(b, "ed25519:shared"));

        Assert.NotEqual(first.Id, second.Id);
        Assert.Null(await Store.Nodes.FindByKeyAsync(a, "ed25519:other"));
    }

    [Fact]
    public async Task TouchAsync_WithAndWithoutVersion_StampsLastSeenAndKeepsKnownVersion()
    {
        var ns = await NewNamespaceAsync();
        var node = await Store.Nodes.RegisterAsync(Node(ns, "ed25519:n1"));

        await Store.Nodes.TouchAsync(node.Id, T0.AddMinutes(1), "0.3.0");
        await Store.Nodes.TouchAsync(node.Id, T0.AddMinutes(2), null);

        var read = (await Store.Nodes.GetAsync(node.Id))!;
        Assert.Equal((T0.AddMinutes(2), "0.3.0"), (read.LastSeenAt, read.Version));
    }

    [Fact]
    public async Task ListAsync_Namespace_InRegistrationOrder()
    {
        var ns = await NewNamespaceAsync();
        var later = await Store.Nodes.RegisterAsync(Node(ns, "ed25519:n2") with { RegisteredAt = T0.AddMinutes(1) });
        var earlier = await Store.Nodes.RegisterAsync(Node(ns, "ed25519:n1"));

        Assert.Equal([earlier.Id, later.Id], (await Store.Nodes.ListAsync(ns)).Select(n => n.Id));
        Assert.Null(await Store.Nodes.GetAsync("node_missing"));
    }
}
