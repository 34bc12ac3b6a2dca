namespace Sigilum.Architecture;

/// <summary>
/// The allowed arrows between our assemblies (DESIGN §3, code-style §3.2), in one table. A component
/// is an assembly name without the <c>Sigilum.</c> prefix. Arrows point inward: hosts compose
/// AspNetCore, Core, storage and backends; nothing but the CLIs references a host.
/// </summary>
internal static class DependencyRules
{
    private static readonly string[] HostComposition = ["AspNetCore", "Core", "Protocol", "Storage", "Storage.Sqlite", "Storage.Postgres", "Backends"];

    /// <summary>Component → the components it may reference directly. Anything else of ours is a wrong arrow.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Allowed = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        // component            may reference
        ["Protocol"]         = [],
        ["Sdk"]              = ["Protocol"],
        ["Core"]             = ["Protocol"],
        // The relational core (ADR 0053): the shared SQL of every store; the engines build on it, never the other way.
        ["Storage"]          = ["Core", "Protocol"],
        ["Storage.Sqlite"]   = ["Core", "Protocol", "Storage"],
        ["Storage.Postgres"] = ["Core", "Protocol", "Storage"],
        ["Backends"]         = ["Core", "Protocol"],
        ["AspNetCore"]       = ["Core", "Protocol"],
        // Help with examples, output and exit codes shared by the two command lines.
        ["CommandLine"]      = [],
        ["ControlPlane"]     = HostComposition,
        ["Gateway"]          = HostComposition,
        ["Vault"]            = HostComposition,
        // `sigilum up` / `sigilum gateway start` run the hosts in-process.
        ["Cli"]              = ["Sdk", "Protocol", "ControlPlane", "Gateway", "Vault", "CommandLine"],
        // `sigil-vault start` runs the vault host; local admin commands open its store.
        ["Vault.Cli"]        = ["Sdk", "Protocol", "Vault", "Core", "Storage", "Storage.Sqlite", "Storage.Postgres", "CommandLine"],
    };

    /// <summary>The hosts: only the CLIs may reference these.</summary>
    public static readonly string[] Hosts = ["ControlPlane", "Gateway", "Vault"];

    /// <summary>The CLIs, the only components allowed to reference a host.</summary>
    public static readonly string[] Clis = ["Cli", "Vault.Cli"];

    /// <summary>Assemblies whose file name is a command name rather than <c>Sigilum.&lt;Component&gt;</c>.</summary>
    public static readonly IReadOnlyDictionary<string, string> CommandAssemblies = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["sigilum"] = "Cli",
        ["sigil-vault"] = "Vault.Cli",
    };

    /// <summary>Third-party assembly name prefixes a component must not reference (Protocol is pure: no web stack, no DI/hosting).</summary>
    public static readonly IReadOnlyDictionary<string, string[]> ForbiddenExternalPrefixes = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["Protocol"] = ["Microsoft.AspNetCore.", "Microsoft.Extensions.", "Microsoft.Data.", "Npgsql", "System.Net.Http", "System.Net.Sockets"],
    };

    /// <summary>
    /// Type name prefixes a component must not use. Protocol does no file or network I/O (DESIGN §3);
    /// in-memory streams and path-free APIs stay allowed.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string[]> ForbiddenTypePrefixes = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["Protocol"] =
        [
            "System.IO.File", "System.IO.Directory", "System.IO.DriveInfo", "System.IO.Pipes.",
            "System.Net.Sockets.", "System.Net.Http.", "System.Net.Dns", "System.Net.WebRequest", "System.Net.WebClient",
        ],
    };

    /// <summary>Test-side assemblies, which may reference anything and are not checked.</summary>
    public static bool IsTestSide(string assemblyName) =>
        assemblyName.EndsWith(".Tests", StringComparison.Ordinal) ||
        assemblyName is "Sigilum.Testing" or "Sigilum.Benchmarks";

    /// <summary>Maps an assembly name to its component, or null when it is not ours.</summary>
    public static string? ComponentOf(string assemblyName)
    {
        if (CommandAssemblies.TryGetValue(assemblyName, out var command))
        {
            return command;
        }
        const string prefix = "Sigilum.";
        return assemblyName.StartsWith(prefix, StringComparison.Ordinal) && !IsTestSide(assemblyName)
            ? assemblyName[prefix.Length..]
            : null;
    }
}
