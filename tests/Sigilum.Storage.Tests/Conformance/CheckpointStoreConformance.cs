using Sigilum.Core.Witness;

namespace Sigilum.Storage.Conformance;

public abstract class CheckpointStoreConformance(StoreProvider provider) : StoreTestBase(provider)
{
    private static StoredCheckpoint Checkpoint(string node, long seq, string ns = "acme") => new()
    {
        NodeId = node,
        Namespace = ns,
        Seq = seq,
        Head = $"sha256:{node}:{seq}",
        Json = $$"""{"node":"{{node}}","seq":{{seq}},"sig":"…"}""",
        ReceivedAt = T0.AddSeconds(seq),
    };

    [Fact]
    public async Task AddAsync_SameNodeAndSeqTwice_SecondReturnsFalseAndKeepsTheFirst()
    {
        Assert.True(await Store.Checkpoints.AddAsync(Checkpoint("node_a", 100)));

        Assert.False(await Store.Checkpoints.AddAsync(Checkpoint("node_a", 100) with { Head = "sha256:rewritten" }));

        Assert.Equal(Checkpoint("node_a", 100), await Store.Checkpoints.LatestAsync("node_a"));
    }

    [Fact]
    public async Task LatestAsync_AddedOutOfOrder_ReturnsHighestSeq()
    {
        foreach (var seq in new long[] { 200, 300, 100 })
        {
            await Store.Checkpoints.AddAsync(Checkpoint("node_a", seq));
        }
        await Store.Checkpoints.AddAsync(Checkpoint("node_b", 900));

        Assert.Equal(300, (await Store.Checkpoints.LatestAsync("node_a"))!.Seq);
        Assert.Null(await Store.Checkpoints.LatestAsync("node_c"));
    }

    [Fact]
    public async Task LatestPerNodeAsync_Namespace_OneLatestPerNodeOfThatNamespace()
    {
        await Store.Checkpoints.AddAsync(Checkpoint("node_a", 1));
        await Store.Checkpoints.AddAsync(Checkpoint("node_a", 2));
        await Store.Checkpoints.AddAsync(Checkpoint("node_b", 7));
        await Store.Checkpoints.AddAsync(Checkpoint("node_x", 9, ns: "globex"));

        var latest = await Store.Checkpoints.LatestPerNodeAsync("acme");

        Assert.Equal([("node_a", 2L), ("node_b", 7L)], latest.Select(c => (c.NodeId, c.Seq)).Order());
        Assert.Equal(Checkpoint("node_a", 2), latest.Single(c => c.NodeId == "node_a"));
    }
}
