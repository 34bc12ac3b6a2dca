namespace Sigilum.Storage.Sqlite.Engine;

/// <summary>
/// Initialises the provider once per process with the SQLite engine bundled in SQLitePCLRaw 3
/// (SQLite 3.53, docs/decisions/0047-current-bundled-sqlite.md). The engine follows the package version,
/// so a SQLite fix arrives with a package bump; no system library is looked for any more (ADR 0004's
/// resolver existed only because the bundled engine was frozen at 3.35.5).
/// </summary>
internal static class SqliteEngine
{
    /// <summary>Features newer migrations may rely on (STRICT tables, <c>unixepoch()</c>, <c>-&gt;&gt;</c>) need at least this.</summary>
    public const int MinimumVersionNumber = 3_053_000;

    private static readonly Lazy<string> Initialised = new(Initialise, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The engine's version, e.g. <c>3.53.4</c>; initialises the provider on first use.</summary>
    public static string Version => Initialised.Value;

    public static void EnsureInitialised() => _ = Initialised.Value;

    private static string Initialise()
    {
        SQLitePCL.Batteries_V2.Init();
        // A package downgrade (or another component swapping the provider) must not run migrations
        // written for 3.53 on an older engine: fail at the first open, not halfway through a migration.
        var version = SQLitePCL.raw.sqlite3_libversion().utf8_to_string();
        RequireSupported(SQLitePCL.raw.sqlite3_libversion_number(), version);
        return version;
    }

    /// <summary>Throws when <paramref name="number"/> (<c>sqlite3_libversion_number()</c>) is below <see cref="MinimumVersionNumber"/>.</summary>
    internal static void RequireSupported(int number, string version)
    {
        if (number < MinimumVersionNumber)
        {
            throw new InvalidOperationException($"SQLite {version} is older than the 3.53 the store is written for.");
        }
    }
}
