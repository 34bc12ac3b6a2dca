using Sigilum.Core.Connections;
using Sigilum.Storage.Conformance;

namespace Sigilum.Storage.Sqlite;

public sealed class SqliteConnectionStoreTests() : ConnectionStoreConformance(new SqliteProvider())
{
    private static ConnectionRecord Connection(string id) => new()
    {
        Id = id, Name = id, BaseUrl = "https://a.example", AuthMode = ConnectionValues.AuthBearer, AuthHeaderName = "Authorization",
        AuthSecretKey = "k", CredentialKeys = ["k"], CreatedAt = T0, UpdatedAt = T0,
    };

    private static ConnectionSecretRecord Secret(string id) => new() { ConnectionId = id, Version = 1, Sealed = [1, 2, 3], CreatedAt = T0 };

    [Fact]
    public void ReadChangeStamp_NothingCommitted_Unchanged()
    {
        var before = Store.Connections.ReadChangeStamp();

        Assert.NotNull(before);
        Assert.Equal(before, Store.Connections.ReadChangeStamp());
    }

    [Fact]
    public async Task ReadChangeStamp_CommitThroughAnotherStoreOnTheFile_Changes()
    {
        var other = await OpenAsync(migrate: false);
        var before = Store.Connections.ReadChangeStamp();

        await other.Connections.CreateAsync(Connection("svc"), Secret("svc"));

        Assert.NotEqual(before, Store.Connections.ReadChangeStamp());
    }

    [Fact]
    public async Task ReadChangeStamp_CommitThroughThisStore_Changes()
    {
        var before = Store.Connections.ReadChangeStamp();

        await Store.Connections.CreateAsync(Connection("svc"), Secret("svc"));

        Assert.NotEqual(before, Store.Connections.ReadChangeStamp());
    }

    [Fact]
    public async Task ReadChangeStamp_PlainSqlOnAnotherConnection_Changes()
    {
        var before = Store.Connections.ReadChangeStamp();

        await Provider.ExecuteAsync(Location, "CREATE TABLE unrelated(x INTEGER)");

        Assert.NotEqual(before, Store.Connections.ReadChangeStamp());
    }

    [Fact]
    public async Task ReadChangeStamp_StoreDisposed_Null()
    {
        var other = Provider.Open(Location, Settings);
        Assert.NotNull(other.Connections.ReadChangeStamp());

        await other.DisposeAsync();

        Assert.Null(other.Connections.ReadChangeStamp());
    }
}
