namespace Sigilum.Vault.Store;

/// <summary>
/// The configuration version the proxy compares with its snapshot's before every request: SQLite reads it from the
/// file (<see cref="ConfigVersionReader"/>); PostgreSQL keeps the last one LISTEN/NOTIFY or its poll delivered
/// (<see cref="Postgres.PostgresConfigWatcher"/>). A source that cannot vouch for the current version throws, and the
/// proxy refuses (STO-10; <see cref="StoreUnavailableException"/> on a shared store, ADR 0068).
/// </summary>
internal interface IConfigVersionSource : IDisposable
{
    long Read();
}
