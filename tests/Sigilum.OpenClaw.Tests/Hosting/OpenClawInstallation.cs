using Sigilum.Testing;

namespace Sigilum.OpenClaw.Hosting;

/// <summary>
/// Where the real OpenClaw and the Node it runs on are: <c>SIGILUM_TEST_NODE</c> / <c>SIGILUM_TEST_OPENCLAW</c>
/// (exported by scripts/test from scripts/npm-test-cache), else scripts/npm-test-cache's default cache. A missing
/// install fails the test with what to run: these tests are the proof against the real package, never skipped.
/// </summary>
internal sealed record OpenClawInstallation(string Node, string OpenClawEntry)
{
    // Keep in step with scripts/npm-test-cache.
    public const string NodeVersion = NpmTestCache.NodeVersion;
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

    private static (OpenClawInstallation?, string) Locate() =>
        NpmTestCache.Find("The OpenClaw tests", "openclaw@" + OpenClawVersion, "SIGILUM_TEST_OPENCLAW",
            Path.Combine("openclaw-" + OpenClawVersion, "node_modules", "openclaw", "openclaw.mjs"), out var problem) is { } found
            ? (new OpenClawInstallation(found.Node, found.Entry), "")
            : (null, problem);
}
