using Sigilum.Core.Storage;

namespace Sigilum.Storage.Conformance;

/// <summary>Creates empty databases for one provider and opens stores on them.</summary>
public abstract class StoreProvider
{
    /// <summary>
    /// A database for one test of <paramref name="testClass"/>, holding no data; returns its location (a
    /// file path or a connection string). With <paramref name="empty"/> it has no schema either;
    /// otherwise the provider may hand out an already migrated database that it has emptied.
    /// </summary>
    public abstract Task<string> CreateDatabaseAsync(Type testClass, bool empty);

    /// <summary>Opens a store without migrating. Several stores on one location emulate several processes.</summary>
    public abstract ISigilumStore Open(string location, StoreSettings settings);

    /// <summary>Runs raw SQL against a location, for tests that tamper with the schema ledger.</summary>
    public abstract Task ExecuteAsync(string location, string sql);

    /// <summary>The test is done with the database.</summary>
    public abstract Task ReleaseDatabaseAsync(string location);
}
