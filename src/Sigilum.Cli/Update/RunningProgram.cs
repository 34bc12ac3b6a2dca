using System.Diagnostics;
using System.Text;

namespace Sigilum.Cli.Update;

/// <summary>
/// What <c>/proc</c> says about a running sigilum server: the arguments it was started with (so a restart keeps every
/// flag, e.g. <c>--allow-private-webhooks</c> or <c>--config</c>), its Sigilum settings from the environment (so a restart
/// keeps a PostgreSQL connection string without it ever appearing on a command line), and which build it runs.
/// Linux only; null elsewhere or when the process is gone or not ours to read.
/// </summary>
internal sealed record RunningProgram(int Pid, IReadOnlyList<string> Arguments, IReadOnlyDictionary<string, string> Settings, string? Version, bool Replaced)
{
    private const string Assembly = "sigilum.dll";

    /// <summary>The environment variables that configure a server (see docs/configuration.md).</summary>
    private static readonly string[] SettingPrefixes = ["SIGILUM_", "GATEWAY_"];

    public static RunningProgram? Read(int pid, string procRoot = "/proc")
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }
        var directory = Path.Combine(procRoot, pid.ToString(System.Globalization.CultureInfo.InvariantCulture));
        try
        {
            var words = Split(File.ReadAllBytes(Path.Combine(directory, "cmdline")));
            // `<tool path>/sigilum args…`, or `dotnet …/sigilum.dll args…` for a build output.
            var program = words.FindIndex(w => Path.GetFileName(w) is "sigilum" or Assembly);
            if (program < 0)
            {
                return null;
            }
            var settings = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var entry in Split(File.ReadAllBytes(Path.Combine(directory, "environ"))))
            {
                var equals = entry.IndexOf('=', StringComparison.Ordinal);
                if (equals > 0 && SettingPrefixes.Any(p => entry.StartsWith(p, StringComparison.Ordinal)))
                {
                    settings[entry[..equals]] = entry[(equals + 1)..];
                }
            }
            var (version, replaced) = VersionOf(directory);
            return new RunningProgram(pid, [.. words.Skip(program + 1)], settings, version, replaced);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>
    /// The version of the sigilum.dll the process mapped: the tool package's version when it runs from a tool store, else the
    /// file's informational version. <c>Replaced</c> when that file was deleted since (an update removed it: restart it).
    /// </summary>
    public static (string? Version, bool Replaced) VersionOf(string processDirectory)
    {
        const string Deleted = " (deleted)";
        foreach (var line in File.ReadLines(Path.Combine(processDirectory, "maps")))
        {
            var slash = line.IndexOf('/', StringComparison.Ordinal);
            if (slash < 0)
            {
                continue;
            }
            var path = line[slash..];
            var replaced = path.EndsWith(Deleted, StringComparison.Ordinal);
            if (replaced)
            {
                path = path[..^Deleted.Length];
            }
            if (Path.GetFileName(path) != Assembly)
            {
                continue;
            }
            var (_, packageVersion) = ToolInstallation.SplitStorePath(path);
            if (packageVersion is not null)
            {
                return (packageVersion, replaced);
            }
            return (!replaced && File.Exists(path) ? FileVersionInfo.GetVersionInfo(path).ProductVersion : null, replaced);
        }
        return (null, false);
    }

    private static List<string> Split(byte[] bytes) =>
        [.. Encoding.UTF8.GetString(bytes).Split('\0', StringSplitOptions.RemoveEmptyEntries)];
}
