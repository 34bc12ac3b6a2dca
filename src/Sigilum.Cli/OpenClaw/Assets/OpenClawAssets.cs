namespace Sigilum.Cli.OpenClaw.Assets;

/// <summary>
/// The hooks and the skill shipped inside the CLI (embedded from <c>OpenClaw/Assets/files/</c>), so an installed
/// CLI needs no source checkout. The files are static: every value they need arrives through the OpenClaw
/// configuration's environment (<c>env.vars</c>, hook and skill <c>env</c>), which the installer writes.
/// </summary>
internal static class OpenClawAssets
{
    private const string Prefix = "openclaw/";

    /// <summary>Every shipped file, ordered by path.</summary>
    public static IReadOnlyList<OpenClawAsset> All { get; } = Load();

    /// <summary>The files under one folder, e.g. <c>hooks/sigilum-plugin</c> or <c>skills/sigilum</c>.</summary>
    public static IEnumerable<OpenClawAsset> Under(string folder) =>
        All.Where(asset => asset.RelativePath.StartsWith(folder.TrimEnd('/') + "/", StringComparison.Ordinal));

    private static List<OpenClawAsset> Load()
    {
        var assembly = typeof(OpenClawAssets).Assembly;
        var assets = new List<OpenClawAsset>();
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            var relative = name[Prefix.Length..].Replace('\\', '/');
            // Helpers live in a skill's bin/ folder; everything else is read, not run.
            assets.Add(new OpenClawAsset(relative, buffer.ToArray(), relative.Contains("/bin/", StringComparison.Ordinal)));
        }
        return assets;
    }
}
