using Sigilum.Core.Storage;

namespace Sigilum.Storage.Conformance;

/// <summary>Creates empty databases for one provider and opens stores on them.</summary>
public abstract class StoreProvider
{
    /// <summary>A fresh, empty database (not migrated); returns its location (a file path or a connection string).</summary>
    public abstract Task<string> CreateDatabaseAsync();

    /// <summary>Opens a store without migrating. Several stores on one location emulate several processes.</summary>
    public abstract ISigilumStore Open(string location, StoreSettings settings);

    /// <summary>Runs raw SQL against a location, for tests that tamper with the schema ledger.</summary>
    public abstract Task ExecuteAsync(string location, string sql);

    public abstract Task DropDatabaseAsync(string location);
}
