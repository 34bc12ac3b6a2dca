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

    [Fact]
    public async Task ListAsync_Node_NewestReceivedFirstUpToLimit()
    {
        await Store.Checkpoints.AddAsync(Checkpoint("node_a", 1));
        await Store.Checkpoints.AddAsync(Checkpoint("node_a", 3));
        // Received last although its seq is lower: the receipt order is what shows a regression.
        await Store.Checkpoints.AddAsync(Checkpoint("node_a", 2) with { ReceivedAt = T0.AddMinutes(5) });
        await Store.Checkpoints.AddAsync(Checkpoint("node_b", 9));

        var newest = await Store.Checkpoints.ListAsync("node_a", 2);
        var all = await Store.Checkpoints.ListAsync("node_a", 10);

        Assert.Equal([2L, 3L], newest.Select(c => c.Seq));
        Assert.Equal([2L, 3L, 1L], all.Select(c => c.Seq));
        Assert.Equal(Checkpoint("node_a", 3), all[1]);
        Assert.Empty(await Store.Checkpoints.ListAsync("node_c", 10));
    }

    [Fact]
    public async Task ListAsync_SameReceiptTime_HigherSeqFirst()
    {
        await Store.Checkpoints.AddAsync(Checkpoint("node_a", 4) with { ReceivedAt = T0 });
        await Store.Checkpoints.AddAsync(Checkpoint("node_a", 5) with { ReceivedAt = T0 });

        Assert.Equal([5L, 4L], (await Store.Checkpoints.ListAsync("node_a", 10)).Select(c => c.Seq));
    }
}
