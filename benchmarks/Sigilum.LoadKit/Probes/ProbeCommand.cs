using System.Globalization;
using System.Text.Json;

namespace Sigilum.LoadKit.Probes;

/// <summary>
/// The probe modes both load tools accept as their first argument, each printing one JSON line:
/// <code>
///   fdatasync --dir DIR [--count 200]          4 KiB append + fdatasync in DIR, N times (µs)
///   ed25519-verify [--count 20000]             N verifications through Sigilum.Protocol's Ed25519 (µs each)
/// </code>
/// </summary>
internal static class ProbeCommand
{
    private const string Usage = """
          <tool> fdatasync --dir DIR [--count 200]     4 KiB append + fdatasync in DIR, N times; JSON, microseconds
          <tool> ed25519-verify [--count 20000]        N Ed25519 verifications through our API; JSON, microseconds each
        """;

    /// <summary>The probe lines of a tool's usage text, under its name.</summary>
    public static string UsageFor(string tool) => Usage.Replace("<tool>", tool, StringComparison.Ordinal);

    /// <summary>True when <paramref name="args"/> name a probe; then <paramref name="exitCode"/> is its result.</summary>
    public static bool TryRun(string[] args, TextWriter output, TextWriter error, out int exitCode)
    {
        exitCode = 0;
        if (args.Length == 0 || args[0] is not ("fdatasync" or "ed25519-verify"))
        {
            return false;
        }
        string? dir = null;
        int? count = null;
        for (var i = 1; i < args.Length; i++)
        {
            if (i + 1 < args.Length && args[i] == "--dir")
            {
                dir = args[++i];
            }
            else if (i + 1 < args.Length && args[i] == "--count"
                     && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0)
            {
                count = n;
                i++;
            }
            else
            {
                error.WriteLine($"{args[0]}: unknown option or bad value: {args[i]}\n{Usage}");
                exitCode = 64;
                return true;
            }
        }
        if (args[0] == "fdatasync")
        {
            if (dir is null || !Directory.Exists(dir))
            {
                error.WriteLine($"fdatasync: --dir must name an existing directory\n{Usage}");
                exitCode = 64;
                return true;
            }
            output.WriteLine(JsonSerializer.Serialize(FdatasyncProbe.Run(dir, count ?? 200, TimeProvider.System), LoadKitJson.Options));
        }
        else
        {
            var n = Math.Max(count ?? 20_000, Ed25519Probe.BatchSize);
            output.WriteLine(JsonSerializer.Serialize(Ed25519Probe.Run(n, TimeProvider.System), LoadKitJson.Options));
        }
        return true;
    }
}
