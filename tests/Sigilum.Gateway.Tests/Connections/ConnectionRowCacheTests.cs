using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Sigilum.Core.Connections;
using Sigilum.Protocol.Errors;

namespace Sigilum.Gateway.Connections;

/// <summary>
/// The proxy reuses a connection row only while the store's change stamp proves nothing was committed since it was read
/// (ADR 0033): a change through any other store connection — another gateway instance on the same file, or plain SQL —
/// applies to the very next request.
/// </summary>
public sealed class ConnectionRowCacheTests : IAsyncLifetime
{
    private const string Secret = "sk-row-cache-0123456789";
    private readonly byte[] _masterKey = RandomNumberGenerator.GetBytes(32);
    private ConnectionsHarness _host = null!;

    public async Task InitializeAsync()
    {
        _host = await ConnectionsHarness.StartAsync(masterKey: _masterKey);
        await _host.CreateAsync(new { id = "svc", base_url = "https://a.example", auth_secret_key = "k", secrets = new { k = Secret } });
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private static ConnectionRecord Row(string id = "svc") => new()
    {
        Id = id, Name = id, BaseUrl = "https://a.example", AuthMode = ConnectionValues.AuthBearer, AuthHeaderName = "Authorization",
        AuthSecretKey = "k", CredentialKeys = ["k"], CreatedAt = ConnectionsHarness.T0, UpdatedAt = ConnectionsHarness.T0,
    };

    private async Task ExecuteOnSecondConnectionAsync(string sql)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _host.DatabasePath, Pooling = false }.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }

    [Fact]
    public async Task Resolve_NothingCommittedSince_RowServedFromMemory()
    {
        using var first = await _host.Resolver.ResolveAsync("svc", CancellationToken.None);
        using var second = await _host.Resolver.ResolveAsync("svc", CancellationToken.None);

        Assert.True(second.Succeeded);
        Assert.Same(first.Connection, second.Connection);
    }

    [Fact]
    public async Task Resolve_DisabledThroughSecondStoreConnection_NextRequestRefused()
    {
        using (var warm = await _host.Resolver.ResolveAsync("svc", CancellationToken.None))
        {
            Assert.True(warm.Succeeded);
        }

        await ExecuteOnSecondConnectionAsync("UPDATE gateway_connections SET status = 'disabled' WHERE id = 'svc'");
        using var next = await _host.Resolver.ResolveAsync("svc", CancellationToken.None);

        Assert.Equal((400, ErrorCatalogue.ConnectionUnusable), (next.Error?.Status, next.Error?.Code));
    }

    [Fact]
    public async Task Resolve_RotatedThroughAnotherInstance_NextRequestUsesNewSecret()
    {
        using (var warm = await _host.Resolver.ResolveAsync("svc", CancellationToken.None))
        {
            Assert.True(warm.Succeeded);
        }
        await using var other = await ConnectionsHarness.StartAsync(directory: _host.Directory, masterKey: _masterKey);

        var (status, _, _) = await other.SendAsync(HttpMethod.Post, "/api/admin/connections/svc/rotate", new { secrets = new { k = "sk-rotated-by-the-other-instance" } });
        using var next = await _host.Resolver.ResolveAsync("svc", CancellationToken.None);

        Assert.Equal(200, status);
        Assert.Equal("Bearer sk-rotated-by-the-other-instance", Encoding.UTF8.GetString(next.Header!.Value));
    }

    [Fact]
    public async Task Resolve_DeletedThroughAnotherInstance_NextRequestNotFound()
    {
        using (var warm = await _host.Resolver.ResolveAsync("svc", CancellationToken.None))
        {
            Assert.True(warm.Succeeded);
        }
        await using var other = await ConnectionsHarness.StartAsync(directory: _host.Directory, masterKey: _masterKey);

        var (status, _, _) = await other.SendAsync(HttpMethod.Delete, "/api/admin/connections/svc");
        using var next = await _host.Resolver.ResolveAsync("svc", CancellationToken.None);

        Assert.Equal(204, status);
        Assert.Equal(404, next.Error?.Status);
    }

    [Fact]
    public async Task Resolve_AdminWriteOnThisInstance_RowDropped()
    {
        using (var warm = await _host.Resolver.ResolveAsync("svc", CancellationToken.None))
        {
            Assert.True(warm.Succeeded);
        }
        var rows = _host.Services.GetRequiredService<ConnectionRowCache>();
        Assert.Equal(1, rows.Count);

        var (status, _, _) = await _host.SendAsync(HttpMethod.Patch, "/api/admin/connections/svc", new { status = "disabled" });

        Assert.Equal((200, 0), (status, rows.Count));
    }

    [Fact]
    public void TryGet_StampMoved_Miss()
    {
        var rows = new ConnectionRowCache();
        rows.Add("svc", stamp: 7, Row(), rows.Generation);

        Assert.NotNull(rows.TryGet("svc", 7));
        Assert.Null(rows.TryGet("svc", 8));
    }

    [Fact]
    public void Add_InvalidatedWhileReading_NotKept()
    {
        var rows = new ConnectionRowCache();
        var generation = rows.Generation;

        rows.Invalidate("svc");
        rows.Add("svc", stamp: 7, Row(), generation);

        Assert.Null(rows.TryGet("svc", 7));
    }

    [Fact]
    public void Add_Full_OneEvictedAndBoundKept()
    {
        var rows = new ConnectionRowCache(capacity: 2);

        rows.Add("a", 1, Row("a"), rows.Generation);
        rows.Add("b", 1, Row("b"), rows.Generation);
        rows.Add("c", 1, Row("c"), rows.Generation);

        Assert.Equal(2, rows.Count);
        Assert.NotNull(rows.TryGet("c", 1));
    }

    [Fact]
    public void Constructor_ZeroCapacity_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new ConnectionRowCache(capacity: 0));
}
