using Sigilum.Core.Usage;

namespace Sigilum.Storage.Conformance;

public abstract class UsageStoreConformance(StoreProvider provider) : StoreTestBase(provider)
{
    [Fact]
    public async Task AddAsync_NewEvent_RoundTripsEveryField()
    {
        var usage = Records.Usage("acme", T0);

        Assert.True(await Store.Usage.AddAsync(usage));

        Assert.Equal(usage, (await Store.Usage.QueryAsync(new UsageQuery { Namespace = "acme" })).Items.Single());
    }

    [Fact]
    public async Task AddAsync_SameEventIdAgain_ReturnsFalseAndKeepsTheFirst()
    {
        var usage = Records.Usage("acme", T0);
        await Store.Usage.AddAsync(usage);

        Assert.False(await Store.Usage.AddAsync(usage with { Outcome = "error", StatusCode = 502 }));

        Assert.Equal(usage, (await Store.Usage.QueryAsync(new UsageQuery { Namespace = "acme" })).Items.Single());
    }

    [Fact]
    public async Task AddBatchAsync_NewEvents_StoresEveryFieldOfEachAndCountsThem()
    {
        var full = Records.Usage("acme", T0);
        var sparse = Records.Usage("acme", T0.AddSeconds(1)) with
        {
            Subject = null, AgentId = null, StatusCode = null, DurationMs = null, Method = null, Path = null, NodeId = null, Protocol = null, Action = null,
        };

        Assert.Equal(2, await Store.Usage.AddBatchAsync([full, sparse]));

        Assert.Equal([sparse, full], (await Store.Usage.QueryAsync(new UsageQuery { Namespace = "acme" })).Items);
    }

    [Fact]
    public async Task AddBatchAsync_IdsAlreadyStoredOrRepeatedInTheBatch_AreSkippedAndNotCounted()
    {
        var stored = Records.Usage("acme", T0);
        await Store.Usage.AddAsync(stored);
        var fresh = Records.Usage("acme", T0.AddSeconds(1));

        var added = await Store.Usage.AddBatchAsync([stored with { Outcome = "error" }, fresh, fresh with { Outcome = "denied" }]);

        Assert.Equal(1, added);
        Assert.Equal([fresh, stored], (await Store.Usage.QueryAsync(new UsageQuery { Namespace = "acme" })).Items);
    }

    [Fact]
    public async Task AddBatchAsync_RepeatFarApartInALargeBatch_StoredOnceWithTheFirstValues()
    {
        var events = Enumerable.Range(0, 120).Select(i => Records.Usage("acme", T0.AddMilliseconds(i))).ToList();
        events[110] = events[5] with { Outcome = "error" };

        Assert.Equal(119, await Store.Usage.AddBatchAsync(events));

        var stored = (await Store.Usage.QueryAsync(new UsageQuery { Namespace = "acme", Limit = 200 })).Items;
        Assert.Equal(119, stored.Count);
        Assert.Equal(events[5], stored.Single(e => e.EventId == events[5].EventId));
    }

    [Fact]
    public async Task AddBatchAsync_MaxEvents_AllStored()
    {
        var events = Enumerable.Range(0, UsageBatch.MaxEvents).Select(i => Records.Usage("acme", T0.AddMilliseconds(i))).ToList();

        Assert.Equal(UsageBatch.MaxEvents, await Store.Usage.AddBatchAsync(events));

        Assert.Equal(UsageBatch.MaxEvents, (await Store.Usage.QueryAsync(new UsageQuery { Namespace = "acme", Limit = 1 })).Total);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(UsageBatch.MaxEvents + 1)]
    public async Task AddBatchAsync_EmptyOrTooMany_ThrowsAndStoresNothing(int count)
    {
        var events = Enumerable.Range(0, count).Select(i => Records.Usage("acme", T0)).ToList();

        await Assert.ThrowsAsync<ArgumentException>(() => Store.Usage.AddBatchAsync(events));

        Assert.Equal(0, (await Store.Usage.QueryAsync(new UsageQuery { Namespace = "acme" })).Total);
    }

    [Fact]
    public async Task AddBatchAsync_OneRowFailsInTheDatabase_NothingOfTheBatchIsStored()
    {
        // Namespace is NOT NULL in both schemas: the third row fails after two were inserted in the same transaction.
        var events = new[] { Records.Usage("acme", T0), Records.Usage("acme", T0), Records.Usage("acme", T0) with { Namespace = null! } };

        await Assert.ThrowsAnyAsync<Exception>(() => Store.Usage.AddBatchAsync(events));

        Assert.Equal(0, (await Store.Usage.QueryAsync(new UsageQuery { Namespace = "acme" })).Total);
    }

    [Fact]
    public async Task QueryAsync_Paging_NewestFirstWithTotal()
    {
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var usage = Records.Usage("acme", T0.AddSeconds(i));
            ids.Add(usage.EventId);
            await Store.Usage.AddAsync(usage);
        }
        await Store.Usage.AddAsync(Records.Usage("globex", T0.AddHours(1)));

        var page = await Store.Usage.QueryAsync(new UsageQuery { Namespace = "acme", Limit = 2, Offset = 1 });

        Assert.Equal([ids[3], ids[2]], page.Items.Select(u => u.EventId));
        Assert.Equal((5, true), (page.Total, page.HasMore));
    }

    [Fact]
    public async Task QueryAsync_ServiceAndOutcome_FilterExactly()
    {
        await Store.Usage.AddAsync(Records.Usage("acme", T0, "openai", "success"));
        await Store.Usage.AddAsync(Records.Usage("acme", T0, "openai", "denied"));
        await Store.Usage.AddAsync(Records.Usage("acme", T0, "slack", "denied"));

        Assert.Equal(2, (await Store.Usage.QueryAsync(new UsageQuery { Namespace = "acme", Service = "openai" })).Total);
        Assert.Equal(2, (await Store.Usage.QueryAsync(new UsageQuery { Namespace = "acme", Outcome = "denied" })).Total);
        Assert.Equal(1, (await Store.Usage.QueryAsync(new UsageQuery { Namespace = "acme", Service = "slack", Outcome = "denied" })).Total);
        Assert.Equal(0, (await Store.Usage.QueryAsync(new UsageQuery { Namespace = "acme", Service = "open" })).Total);
    }

    [Fact]
    public async Task QueryAsync_Protocol_HttpAlsoMatchesEventsWithoutOne()
    {
        var mcp = Records.Usage("acme", T0);
        var http = Records.Usage("acme", T0.AddSeconds(1)) with { Protocol = "http", Action = "proxy" };
        var legacy = Records.Usage("acme", T0.AddSeconds(2)) with { Protocol = null, Action = null };
        await Store.Usage.AddBatchAsync([mcp, http, legacy]);

        Assert.Equal([mcp], (await Store.Usage.QueryAsync(new UsageQuery { Namespace = "acme", Protocol = "mcp" })).Items);
        Assert.Equal([legacy, http], (await Store.Usage.QueryAsync(new UsageQuery { Namespace = "acme", Protocol = "http" })).Items);
        var window = new UsageQuery { Namespace = "acme", From = T0, To = T0.AddHours(1), Protocol = "mcp" };
        Assert.Equal([new UsageCount(T0, "success", 1)], await Store.Usage.CountByBucketAsync(window, TimeSpan.FromHours(1)));
    }

    [Fact]
    public async Task QueryAsync_DataPlane_ByTheReportingNodesKindUnknownNodesCountAsGateway()
    {
        var ns = await NewNamespaceAsync();
        var vault = await Store.Nodes.RegisterAsync(new Sigilum.Core.Nodes.DataPlaneNode
        {
            Id = "node_vault1", Namespace = ns, Kind = Sigilum.Core.Nodes.DataPlaneKind.Vault, Name = "vault", PublicKey = "ed25519:v1", RegisteredAt = T0,
        });
        var fromVault = Records.Usage(ns, T0) with { NodeId = vault.Id };
        var fromGateway = Records.Usage(ns, T0.AddSeconds(1)) with { NodeId = "node_gone" };
        var withoutNode = Records.Usage(ns, T0.AddSeconds(2)) with { NodeId = null };
        await Store.Usage.AddBatchAsync([fromVault, fromGateway, withoutNode]);

        Assert.Equal([fromVault], (await Store.Usage.QueryAsync(new UsageQuery { Namespace = ns, DataPlane = "vault" })).Items);
        Assert.Equal([withoutNode, fromGateway], (await Store.Usage.QueryAsync(new UsageQuery { Namespace = ns, DataPlane = "gateway" })).Items);
        var window = new UsageQuery { Namespace = ns, From = T0, To = T0.AddHours(1), DataPlane = "vault" };
        Assert.Equal([new UsageCount(T0, "success", 1)], await Store.Usage.CountByBucketAsync(window, TimeSpan.FromHours(1)));
    }

    [Fact]
    public async Task QueryAsync_Agent_MatchesCaseInsensitiveSubstringOfAgentIdOrKey()
    {
        var byId = Records.Usage("acme", T0) with { AgentId = "Research-Bot-7", PublicKey = "ed25519:AAAA" };
        var byKey = Records.Usage("acme", T0) with { AgentId = null, PublicKey = "ed25519:XyZbot" };
        var neither = Records.Usage("acme", T0) with { AgentId = "other", PublicKey = "ed25519:BBBB" };
        foreach (var usage in new[] { byId, byKey, neither })
        {
            await Store.Usage.AddAsync(usage);
        }

        var found = await Store.Usage.QueryAsync(new UsageQuery { Namespace = "acme", Agent = "BOT" });

        Assert.Equal(new[] { byId.EventId, byKey.EventId }.Order(), found.Items.Select(u => u.EventId).Order());
    }

    [Fact]
    public async Task QueryAsync_AgentWithLikeWildcards_MatchesThemLiterally()
    {
        await Store.Usage.AddAsync(Records.Usage("acme", T0) with { AgentId = "agent-1" });

        Assert.Equal(0, (await Store.Usage.QueryAsync(new UsageQuery { Namespace = "acme", Agent = "%" })).Total);
        Assert.Equal(0, (await Store.Usage.QueryAsync(new UsageQuery { Namespace = "acme", Agent = "agent_1" })).Total);
    }

    [Fact]
    public async Task QueryAsync_FromTo_FromInclusiveToExclusive()
    {
        for (var i = 0; i < 4; i++)
        {
            await Store.Usage.AddAsync(Records.Usage("acme", T0.AddMinutes(i)));
        }

        var window = await Store.Usage.QueryAsync(new UsageQuery { Namespace = "acme", From = T0.AddMinutes(1), To = T0.AddMinutes(3) });

        Assert.Equal([T0.AddMinutes(2), T0.AddMinutes(1)], window.Items.Select(u => u.CreatedAt));
    }

    [Fact]
    public async Task CountByBucketAsync_EventsInRange_CountedPerBucketAndOutcome()
    {
        // T0 has odd milliseconds: buckets are counted from From, not from the epoch.
        await Store.Usage.AddAsync(Records.Usage("acme", T0, outcome: "success"));
        await Store.Usage.AddAsync(Records.Usage("acme", T0.AddSeconds(59.999), outcome: "success"));
        await Store.Usage.AddAsync(Records.Usage("acme", T0.AddSeconds(30), outcome: "denied"));
        await Store.Usage.AddAsync(Records.Usage("acme", T0.AddMinutes(1), outcome: "error"));
        await Store.Usage.AddAsync(Records.Usage("acme", T0.AddMinutes(2).AddMilliseconds(-1), outcome: "error"));
        await Store.Usage.AddAsync(Records.Usage("acme", T0.AddMinutes(2), outcome: "success"));
        await Store.Usage.AddAsync(Records.Usage("acme", T0.AddMilliseconds(-1), outcome: "success"));
        await Store.Usage.AddAsync(Records.Usage("globex", T0, outcome: "success"));

        var counts = await Store.Usage.CountByBucketAsync(new UsageQuery { Namespace = "acme", From = T0, To = T0.AddMinutes(2) }, TimeSpan.FromMinutes(1));

        Assert.Equal(
            [new UsageCount(T0, "denied", 1), new UsageCount(T0, "success", 2), new UsageCount(T0.AddMinutes(1), "error", 2)],
            counts);
    }

    [Fact]
    public async Task CountByBucketAsync_Filters_ApplyAsInQuery()
    {
        await Store.Usage.AddAsync(Records.Usage("acme", T0, "openai", "success") with { AgentId = "Research-Bot" });
        await Store.Usage.AddAsync(Records.Usage("acme", T0, "openai", "denied") with { AgentId = "other" });
        await Store.Usage.AddAsync(Records.Usage("acme", T0, "slack", "success") with { AgentId = "research-bot-2" });
        var window = new UsageQuery { Namespace = "acme", From = T0, To = T0.AddHours(1) };

        var byService = await Store.Usage.CountByBucketAsync(window with { Service = "openai" }, TimeSpan.FromHours(1));
        var byAgent = await Store.Usage.CountByBucketAsync(window with { Agent = "BOT" }, TimeSpan.FromHours(1));
        var byOutcome = await Store.Usage.CountByBucketAsync(window with { Outcome = "denied" }, TimeSpan.FromHours(1));

        Assert.Equal([new UsageCount(T0, "denied", 1), new UsageCount(T0, "success", 1)], byService);
        Assert.Equal([new UsageCount(T0, "success", 2)], byAgent);
        Assert.Equal([new UsageCount(T0, "denied", 1)], byOutcome);
    }

    [Fact]
    public async Task CountByBucketAsync_NoEvents_ReturnsEmpty()
    {
        await Store.Usage.AddAsync(Records.Usage("globex", T0));

        Assert.Empty(await Store.Usage.CountByBucketAsync(new UsageQuery { Namespace = "acme", From = T0, To = T0.AddDays(1) }, TimeSpan.FromHours(1)));
    }

    public static TheoryData<string> UnboundedCases() => ["no from", "no to", "empty range", "zero bucket", "sub-millisecond bucket", "too many buckets"];

    [Theory]
    [MemberData(nameof(UnboundedCases))]
    public async Task CountByBucketAsync_UnboundedOrInvalidRange_Throws(string invalid)
    {
        var query = new UsageQuery { Namespace = "acme", From = T0, To = T0.AddHours(1) };
        var bucket = TimeSpan.FromMinutes(1);
        (query, bucket) = invalid switch
        {
            "no from" => (query with { From = null }, bucket),
            "no to" => (query with { To = null }, bucket),
            "empty range" => (query with { To = T0 }, bucket),
            "zero bucket" => (query, TimeSpan.Zero),
            "sub-millisecond bucket" => (query, TimeSpan.FromTicks(1)),
            _ => (query with { To = T0.AddMinutes(UsageCount.MaxBuckets + 1) }, bucket),
        };

        await Assert.ThrowsAsync<ArgumentException>(() => Store.Usage.CountByBucketAsync(query, bucket));
    }

    [Fact]
    public async Task CountByBucketAsync_ExactlyMaxBuckets_IsAllowed()
    {
        await Store.Usage.AddAsync(Records.Usage("acme", T0.AddMinutes(UsageCount.MaxBuckets - 1)));

        var counts = await Store.Usage.CountByBucketAsync(
            new UsageQuery { Namespace = "acme", From = T0, To = T0.AddMinutes(UsageCount.MaxBuckets) }, TimeSpan.FromMinutes(1));

        Assert.Equal([new UsageCount(T0.AddMinutes(UsageCount.MaxBuckets - 1), "success", 1)], counts);
    }
}
