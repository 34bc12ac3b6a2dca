using Sigilum.Core.Ids;
using Sigilum.Core.Namespaces;
using Sigilum.Core.Storage;
using Sigilum.Testing;

namespace Sigilum.Storage.Conformance;

/// <summary>
/// Each test gets a database without data (SQLite: a new file; PostgreSQL: one database per test class,
/// emptied before each test) and a migrated store on it; <see cref="OpenAsync"/> opens more stores
/// on the same database to stand in for other processes. Everything is disposed and dropped after the test.
/// </summary>
public abstract class StoreTestBase(StoreProvider provider) : IAsyncLifetime
{
    /// <summary>2026-01-01T00:00:00Z plus a few odd milliseconds, so millisecond handling is exercised.</summary>
    protected static readonly DateTimeOffset T0 = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMilliseconds(123);

    private readonly List<ISigilumStore> _opened = [];
    private string? _location;

    protected StoreProvider Provider => provider;

    protected FakeTimeProvider Clock { get; } = new(T0);

    protected ISigilumStore Store { get; private set; } = null!;

    protected string Location => _location ?? throw new InvalidOperationException("Not initialised.");

    /// <summary>Whether the test's main store is migrated before the test runs.</summary>
    protected virtual bool MigrateMainStore => true;

    protected virtual StoreSettings Settings => new();

    public async Task InitializeAsync()
    {
        _location = await provider.CreateDatabaseAsync(GetType(), empty: !MigrateMainStore);
        Store = await OpenAsync(migrate: MigrateMainStore);
    }

    public async Task DisposeAsync()
    {
        foreach (var store in _opened)
        {
            await store.DisposeAsync();
        }
        if (_location is not null)
        {
            await provider.ReleaseDatabaseAsync(_location);
        }
    }

    protected async Task<ISigilumStore> OpenAsync(StoreSettings? settings = null, bool migrate = true)
    {
        var store = provider.Open(Location, settings ?? Settings);
        _opened.Add(store);
        if (migrate)
        {
            await store.MigrateAsync();
        }
        return store;
    }

    /// <summary>Opens <paramref name="count"/> more stores on the test's database (other "processes").</summary>
    protected async Task<ISigilumStore[]> OpenManyAsync(int count, StoreSettings? settings = null)
    {
        var stores = new ISigilumStore[count];
        for (var i = 0; i < count; i++)
        {
            stores[i] = await OpenAsync(settings);
        }
        return stores;
    }

    /// <summary>Creates a namespace with an owner; returns its name.</summary>
    protected async Task<string> NewNamespaceAsync(string? name = null)
    {
        name ??= "ns-" + IdGenerator.New("", 10);
        var owner = new OwnerRecord { Id = IdGenerator.New("own_"), Namespace = name, Email = name + "@example.test", CreatedAt = T0 };
        Assert.True(await Store.Namespaces.CreateAsync(new NamespaceRecord { Name = name, OwnerId = owner.Id, CreatedAt = T0 }, owner));
        return name;
    }

    /// <summary>
    /// Starts all <paramref name="work"/> items together on pool threads. SQLite calls block their thread
    /// (Microsoft.Data.Sqlite is synchronous underneath), so the pool is widened first to get real
    /// overlap instead of one item after another.
    /// </summary>
    protected static async Task<T[]> RaceAsync<T>(int count, Func<int, Task<T>> work)
    {
        ThreadPool.GetMinThreads(out var workers, out var io);
        if (workers < 32)
        {
            ThreadPool.SetMinThreads(32, io);
        }
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tasks = Enumerable.Range(0, count).Select(i => Task.Run(async () =>
        {
            await gate.Task;
            return await work(i);
        })).ToArray();
        gate.SetResult();
        return await Task.WhenAll(tasks);
    }
}
