using System.Reflection;
using System.Runtime.InteropServices;

namespace Sigilum.Storage.Sqlite.Engine;

/// <summary>
/// Chooses the native SQLite library once per process (docs/decisions/0004-sqlite-engine.md): the
/// operating system's <c>libsqlite3</c> when it loads and is at least 3.35 (it receives the
/// distribution's security fixes; Debian 12 ships 3.40.1), otherwise the engine bundled with
/// SQLitePCLRaw 2.0.6 (3.35.5, frozen). <c>SIGILUM_SQLITE_LIBRARY=bundled</c> forces the bundled
/// engine; any other value is a library name or path to try instead of the default.
/// </summary>
internal static class SqliteEngine
{
    public const string LibraryVariable = "SIGILUM_SQLITE_LIBRARY";

    /// <summary>The schema uses nothing newer than this (UPSERT, window functions, JSON1).</summary>
    private const int MinimumVersionNumber = 3_035_000;

    private static readonly string[] SystemLibraryNames = ["libsqlite3.so.0", "libsqlite3.0.dylib", "libsqlite3.dylib", "sqlite3"];

    private static readonly Lazy<string> Chosen = new(Initialise, LazyThreadSafetyMode.ExecutionAndPublication);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate int VersionNumber();

    /// <summary><c>system</c> or <c>bundled</c>; initialises the provider on first use.</summary>
    public static string Source => Chosen.Value;

    public static void EnsureInitialised() => _ = Chosen.Value;

    private static string Initialise()
    {
        var setting = Environment.GetEnvironmentVariable(LibraryVariable);
        var source = "bundled";
        if (!string.Equals(setting, "bundled", StringComparison.OrdinalIgnoreCase) &&
            TryLoadSystem(string.IsNullOrWhiteSpace(setting) ? SystemLibraryNames : [setting], out var handle) &&
            TryRedirect(handle))
        {
            source = "system";
        }
        SQLitePCL.Batteries_V2.Init();
        return source;
    }

    private static bool TryLoadSystem(string[] names, out IntPtr handle)
    {
        foreach (var name in names)
        {
            if (!NativeLibrary.TryLoad(name, out handle))
            {
                continue;
            }
            if (NativeLibrary.TryGetExport(handle, "sqlite3_libversion_number", out var export) &&
                Marshal.GetDelegateForFunctionPointer<VersionNumber>(export)() >= MinimumVersionNumber)
            {
                return true;
            }
            NativeLibrary.Free(handle);
        }
        handle = IntPtr.Zero;
        return false;
    }

    /// <summary>Points the provider's <c>e_sqlite3</c> imports at <paramref name="handle"/>; false if another component already set a resolver.</summary>
    private static bool TryRedirect(IntPtr handle)
    {
        try
        {
            NativeLibrary.SetDllImportResolver(
                typeof(SQLitePCL.SQLite3Provider_e_sqlite3).Assembly,
                (string name, Assembly _, DllImportSearchPath? _) => name == "e_sqlite3" ? handle : IntPtr.Zero);
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
