using Sigilum.Core.Connections;
using Sigilum.Protocol.Mcp;

namespace Sigilum.Storage.Conformance;

public abstract class ConnectionStoreConformance(StoreProvider provider) : StoreTestBase(provider)
{
    private static ConnectionRecord Connection(string id) => new()
    {
        Id = id,
        Name = "OpenAI",
        BaseUrl = "https://api.openai.example",
        PathPrefix = "/v1",
        AuthMode = ConnectionValues.AuthBearer,
        AuthHeaderName = "Authorization",
        AuthPrefix = "Bearer ",
        AuthSecretKey = "api_key",
        CredentialKeys = ["api_key", "org"],
        CreatedAt = T0,
        UpdatedAt = T0,
        RotationIntervalDays = 30,
        NextRotationDueAt = T0.AddDays(30),
    };

    private static ConnectionSecretRecord Secret(string id, int version, byte seed) =>
        new() { ConnectionId = id, Version = version, Sealed = [1, seed, 0, 255], CreatedAt = T0.AddMinutes(version) };

    private static ConnectionRecord Rotated(ConnectionRecord c, int version) => c with
    {
        SecretVersion = version,
        LastRotatedAt = T0.AddDays(version),
        NextRotationDueAt = T0.AddDays(version + 30),
        UpdatedAt = T0.AddDays(version),
        RotatedBy = "alice",
        RotationReason = "scheduled",
    };

    [Fact]
    public async Task CreateAsync_Connection_RoundTripsEveryField()
    {
        var connection = Connection("openai") with
        {
            LastTestedAt = T0.AddSeconds(5),
            LastTestStatus = ConnectionValues.TestFail,
            LastTestHttpStatus = 401,
            LastTestError = "HTTP 401",
            LastRotatedAt = T0.AddSeconds(1),
            RotatedBy = "bob",
            RotationReason = "leak",
            Status = ConnectionValues.StatusDisabled,
        };

        Assert.True(await Store.Connections.CreateAsync(connection, Secret("openai", 1, 7)));

        var read = await Store.Connections.GetAsync("openai");
        Assert.NotNull(read);
        Assert.Equal(connection.CredentialKeys, read.CredentialKeys);
        Assert.Equal(connection with { CredentialKeys = read.CredentialKeys }, read);
        var secret = await Store.Connections.GetSecretAsync("openai", 1);
        Assert.NotNull(secret);
        Assert.Equal(new byte[] { 1, 7, 0, 255 }, secret.Sealed);
        Assert.Equal(T0.AddMinutes(1), secret.CreatedAt);
    }

    private static ConnectionRecord McpConnection(string id) => Connection(id) with
    {
        Protocol = ConnectionValues.ProtocolMcp,
        McpTransport = ConnectionValues.McpTransportStreamableHttp,
        McpEndpoint = "/mcp?team=a",
        McpToolPolicy = new McpToolPolicy { Allowlist = ["echo", "sum"], Denylist = ["get-env"], MaxToolsExposed = 5 },
        McpSubjectToolPolicies = new Dictionary<string, McpToolPolicy>
        {
            ["alice"] = new() { Allowlist = ["echo"] },
            ["bob"] = new() { Denylist = ["sum"], MaxToolsExposed = 1 },
        },
        McpDiscovery = new McpDiscovery
        {
            Server = new McpServerInfo("everything", "1.0.0", "2025-06-18"),
            Tools = [new McpTool("echo", "Echoes back", """{"type":"object","properties":{"message":{"type":"string"}}}"""), new McpTool("sum", "", "{}")],
            LastDiscoveredAt = T0.AddMinutes(2),
            LastDiscoveryError = "HTTP 503",
        },
    };

    private static void AssertSameMcp(ConnectionRecord expected, ConnectionRecord actual)
    {
        Assert.Equal((expected.Protocol, expected.McpTransport, expected.McpEndpoint), (actual.Protocol, actual.McpTransport, actual.McpEndpoint));
        AssertSamePolicy(expected.McpToolPolicy, actual.McpToolPolicy);
        Assert.Equal(expected.McpSubjectToolPolicies?.Keys.Order(StringComparer.Ordinal), actual.McpSubjectToolPolicies?.Keys.Order(StringComparer.Ordinal));
        foreach (var (subject, policy) in expected.McpSubjectToolPolicies ?? new Dictionary<string, McpToolPolicy>())
        {
            AssertSamePolicy(policy, actual.McpSubjectToolPolicies![subject]);
        }
        Assert.Equal(expected.McpDiscovery is null, actual.McpDiscovery is null);
        if (expected.McpDiscovery is { } discovery)
        {
            Assert.Equal(discovery.Server, actual.McpDiscovery!.Server);
            Assert.Equal(discovery.Tools, actual.McpDiscovery.Tools);
            Assert.Equal((discovery.LastDiscoveredAt, discovery.LastDiscoveryError), (actual.McpDiscovery.LastDiscoveredAt, actual.McpDiscovery.LastDiscoveryError));
        }
    }

    private static void AssertSamePolicy(McpToolPolicy? expected, McpToolPolicy? actual)
    {
        Assert.Equal(expected is null, actual is null);
        if (expected is not null)
        {
            Assert.Equal(expected.Allowlist, actual!.Allowlist);
            Assert.Equal(expected.Denylist, actual.Denylist);
            Assert.Equal(expected.MaxToolsExposed, actual.MaxToolsExposed);
        }
    }

    [Fact]
    public async Task CreateAsync_McpConnection_RoundTripsMcpFields()
    {
        var connection = McpConnection("linear");

        Assert.True(await Store.Connections.CreateAsync(connection, Secret("linear", 1, 1)));

        var read = (await Store.Connections.GetAsync("linear"))!;
        AssertSameMcp(connection, read);
        Assert.Equal("Echoes back", read.McpDiscovery!.Tools[0].Description);
    }

    [Fact]
    public async Task CreateAsync_HttpConnection_McpFieldsNull()
    {
        await Store.Connections.CreateAsync(Connection("openai"), Secret("openai", 1, 1));

        var read = (await Store.Connections.GetAsync("openai"))!;

        Assert.Equal((ConnectionValues.ProtocolHttp, (string?)null, (string?)null), (read.Protocol, read.McpTransport, read.McpEndpoint));
        Assert.Null(read.McpToolPolicy);
        Assert.Null(read.McpSubjectToolPolicies);
        Assert.Null(read.McpDiscovery);
    }

    [Fact]
    public async Task UpdateAsync_McpFields_WrittenButDiscoveryKept()
    {
        var connection = McpConnection("linear");
        await Store.Connections.CreateAsync(connection, Secret("linear", 1, 1));
        var edited = connection with
        {
            McpEndpoint = "https://mcp.other.example/mcp",
            McpTransport = ConnectionValues.McpTransportSse,
            McpToolPolicy = new McpToolPolicy { Denylist = ["echo"] },
            McpSubjectToolPolicies = null,
            McpDiscovery = null,
        };

        Assert.Equal(ConnectionWriteOutcome.Written, await Store.Connections.UpdateAsync(edited));

        var read = (await Store.Connections.GetAsync("linear"))!;
        AssertSameMcp(edited with { McpDiscovery = connection.McpDiscovery }, read);
    }

    [Fact]
    public async Task RecordDiscoveryAsync_Discovery_StoredWithoutTouchingOtherFields()
    {
        var connection = McpConnection("linear") with { McpDiscovery = null };
        await Store.Connections.CreateAsync(connection, Secret("linear", 1, 1));
        var discovery = McpConnection("linear").McpDiscovery;

        Assert.True(await Store.Connections.RecordDiscoveryAsync("linear", discovery));
        Assert.False(await Store.Connections.RecordDiscoveryAsync("missing", discovery));

        var read = (await Store.Connections.GetAsync("linear"))!;
        AssertSameMcp(connection with { McpDiscovery = discovery }, read);
        Assert.Equal((T0, 1), (read.UpdatedAt, read.SecretVersion));

        Assert.True(await Store.Connections.RecordDiscoveryAsync("linear", null));
        Assert.Null((await Store.Connections.GetAsync("linear"))!.McpDiscovery);
    }

    [Fact]
    public async Task CreateAsync_IdTaken_FalseAndFirstKept()
    {
        await Store.Connections.CreateAsync(Connection("openai"), Secret("openai", 1, 1));

        Assert.False(await Store.Connections.CreateAsync(Connection("openai") with { Name = "Other" }, Secret("openai", 1, 2)));

        Assert.Equal("OpenAI", (await Store.Connections.GetAsync("openai"))!.Name);
        Assert.Equal(1, (await Store.Connections.GetSecretAsync("openai", 1))!.Sealed[1]);
    }

    [Fact]
    public async Task ListAsync_SeveralConnections_OrderedById()
    {
        foreach (var id in new[] { "slack-proxy", "github", "openai" })
        {
            await Store.Connections.CreateAsync(Connection(id), Secret(id, 1, 1));
        }

        Assert.Equal(["github", "openai", "slack-proxy"], (await Store.Connections.ListAsync()).Select(c => c.Id));
    }

    [Fact]
    public async Task UpdateAsync_CurrentVersion_WritesMetadataButNotRotationStamps()
    {
        var connection = Connection("openai");
        await Store.Connections.CreateAsync(connection, Secret("openai", 1, 1));
        var edited = connection with { Name = "Renamed", Status = ConnectionValues.StatusDisabled, UpdatedAt = T0.AddHours(1), RotatedBy = "mallory" };

        Assert.Equal(ConnectionWriteOutcome.Written, await Store.Connections.UpdateAsync(edited));

        var read = (await Store.Connections.GetAsync("openai"))!;
        Assert.Equal(("Renamed", ConnectionValues.StatusDisabled, T0.AddHours(1), (string?)null), (read.Name, read.Status, read.UpdatedAt, read.RotatedBy));
    }

    [Fact]
    public async Task UpdateAsync_StaleVersionOrMissing_ConflictOrNotFound()
    {
        var connection = Connection("openai");
        await Store.Connections.CreateAsync(connection, Secret("openai", 1, 1));
        await Store.Connections.RotateAsync(Rotated(connection, 2), Secret("openai", 2, 2));

        Assert.Equal(ConnectionWriteOutcome.VersionConflict, await Store.Connections.UpdateAsync(connection with { Name = "Stale" }));
        Assert.Equal(ConnectionWriteOutcome.NotFound, await Store.Connections.UpdateAsync(Connection("missing")));
        Assert.Equal("OpenAI", (await Store.Connections.GetAsync("openai"))!.Name);
    }

    [Fact]
    public async Task RotateAsync_NextVersion_AppendsAndKeepsOldVersions()
    {
        var connection = Connection("openai");
        await Store.Connections.CreateAsync(connection, Secret("openai", 1, 1));

        Assert.Equal(ConnectionWriteOutcome.Written, await Store.Connections.RotateAsync(Rotated(connection, 2), Secret("openai", 2, 2)));
        Assert.Equal(ConnectionWriteOutcome.Written, await Store.Connections.RotateAsync(Rotated(connection, 3), Secret("openai", 3, 3)));

        Assert.Equal([1, 2, 3], await Store.Connections.ListSecretVersionsAsync("openai"));
        Assert.Equal(1, (await Store.Connections.GetSecretAsync("openai", 1))!.Sealed[1]);
        var read = (await Store.Connections.GetAsync("openai"))!;
        Assert.Equal((3, T0.AddDays(3), T0.AddDays(33), "alice", "scheduled"),
            (read.SecretVersion, read.LastRotatedAt, read.NextRotationDueAt, read.RotatedBy, read.RotationReason));
    }

    [Fact]
    public async Task RotateAsync_SkippedOrRepeatedVersion_ConflictAndNothingWritten()
    {
        var connection = Connection("openai");
        await Store.Connections.CreateAsync(connection, Secret("openai", 1, 1));

        Assert.Equal(ConnectionWriteOutcome.VersionConflict, await Store.Connections.RotateAsync(Rotated(connection, 3), Secret("openai", 3, 3)));
        Assert.Equal(ConnectionWriteOutcome.NotFound, await Store.Connections.RotateAsync(Rotated(Connection("missing"), 2), Secret("missing", 2, 2)));

        Assert.Equal([1], await Store.Connections.ListSecretVersionsAsync("openai"));
        Assert.Equal(1, (await Store.Connections.GetAsync("openai"))!.SecretVersion);
    }

    [Fact]
    public async Task RotateAsync_ConcurrentRotationsOnFourInstances_ExactlyOneWins()
    {
        var connection = Connection("openai");
        await Store.Connections.CreateAsync(connection, Secret("openai", 1, 1));
        var stores = await OpenManyAsync(4);

        var outcomes = await RaceAsync(8, i => stores[i % 4].Connections.RotateAsync(Rotated(connection, 2), Secret("openai", 2, (byte)(10 + i))));

        var winner = Assert.Single(outcomes.Select((o, i) => (o, i)), x => x.o == ConnectionWriteOutcome.Written);
        Assert.All(outcomes.Where(o => o != ConnectionWriteOutcome.Written), o => Assert.Equal(ConnectionWriteOutcome.VersionConflict, o));
        Assert.Equal([1, 2], await Store.Connections.ListSecretVersionsAsync("openai"));
        Assert.Equal(10 + winner.i, (await Store.Connections.GetSecretAsync("openai", 2))!.Sealed[1]);
    }

    [Fact]
    public async Task RecordTestAsync_Outcome_StoredWithoutTouchingOtherFields()
    {
        await Store.Connections.CreateAsync(Connection("openai"), Secret("openai", 1, 1));

        Assert.True(await Store.Connections.RecordTestAsync("openai", T0.AddMinutes(3), ConnectionValues.TestPass, 200, null));
        Assert.False(await Store.Connections.RecordTestAsync("missing", T0, ConnectionValues.TestPass, 200, null));

        var read = (await Store.Connections.GetAsync("openai"))!;
        Assert.Equal((T0.AddMinutes(3), "pass", 200, (string?)null, T0), (read.LastTestedAt, read.LastTestStatus, read.LastTestHttpStatus, read.LastTestError, read.UpdatedAt));
    }

    [Fact]
    public async Task DeleteAsync_Connection_RemovesItAndEverySecretVersion()
    {
        var connection = Connection("openai");
        await Store.Connections.CreateAsync(connection, Secret("openai", 1, 1));
        await Store.Connections.RotateAsync(Rotated(connection, 2), Secret("openai", 2, 2));

        Assert.True(await Store.Connections.DeleteAsync("openai"));

        Assert.Null(await Store.Connections.GetAsync("openai"));
        Assert.Empty(await Store.Connections.ListSecretVersionsAsync("openai"));
        Assert.False(await Store.Connections.DeleteAsync("openai"));
    }

    [Fact]
    public async Task UpsertVariableAsync_Replace_KeepsCreatedAtAndUpdatesTheRest()
    {
        var first = await Store.Connections.UpsertVariableAsync(new CredentialVariableRecord
        {
            Key = "OPENAI_KEY", SealedValue = [1, 2], CreatedAt = T0, UpdatedAt = T0, CreatedBySubject = "alice",
        });
        var second = await Store.Connections.UpsertVariableAsync(new CredentialVariableRecord
        {
            Key = "OPENAI_KEY", SealedValue = [3, 4], CreatedAt = T0.AddDays(1), UpdatedAt = T0.AddDays(1), CreatedBySubject = null,
        });

        Assert.Equal(T0, first.CreatedAt);
        Assert.Equal((T0, T0.AddDays(1), (string?)null), (second.CreatedAt, second.UpdatedAt, second.CreatedBySubject));
        Assert.Equal(new byte[] { 3, 4 }, (await Store.Connections.GetVariableAsync("OPENAI_KEY"))!.SealedValue);
    }

    [Fact]
    public async Task ListVariablesAsync_SeveralKeys_OrderedByKeyAndDeletable()
    {
        foreach (var key in new[] { "b.key", "A_KEY", "a-key" })
        {
            await Store.Connections.UpsertVariableAsync(new CredentialVariableRecord { Key = key, SealedValue = [1], CreatedAt = T0, UpdatedAt = T0 });
        }

        Assert.Equal(["A_KEY", "a-key", "b.key"], (await Store.Connections.ListVariablesAsync()).Select(v => v.Key));
        Assert.True(await Store.Connections.DeleteVariableAsync("a-key"));
        Assert.False(await Store.Connections.DeleteVariableAsync("a-key"));
        Assert.Null(await Store.Connections.GetVariableAsync("a-key"));
    }

    [Fact]
    public async Task SetServiceKeyAsync_SetTwice_LastWinsWithoutAConnection()
    {
        await Store.Connections.SetServiceKeyAsync(new ServiceKeyRecord { ConnectionId = "openai", SealedKey = [1], UpdatedAt = T0 });
        await Store.Connections.SetServiceKeyAsync(new ServiceKeyRecord { ConnectionId = "openai", SealedKey = [2], UpdatedAt = T0.AddHours(1) });
        await Store.Connections.SetServiceKeyAsync(new ServiceKeyRecord { ConnectionId = "github", SealedKey = [3], UpdatedAt = T0 });

        var read = (await Store.Connections.GetServiceKeyAsync("openai"))!;
        Assert.Equal(new byte[] { 2 }, read.SealedKey);
        Assert.Equal(T0.AddHours(1), read.UpdatedAt);
        Assert.Equal(["github", "openai"], (await Store.Connections.ListServiceKeysAsync()).Select(k => k.ConnectionId));
        Assert.Null(await Store.Connections.GetServiceKeyAsync("missing"));
    }
}
