using System.Reflection;

namespace Sigilum.OpenClaw.Hosting;

/// <summary>
/// The files `sigilum openclaw install` writes, read from the CLI assembly's embedded resources (the same bytes
/// <c>OpenClawAssets.All</c> serves the installer), keyed by their path under the OpenClaw state directory.
/// </summary>
internal static class ShippedAssets
{
    private const string Prefix = "openclaw/";

    public static IReadOnlyDictionary<string, byte[]> All { get; } = Load();

    /// <summary>Writes every file under <paramref name="stateDirectory"/>: helpers in a bin/ folder 0700, the rest 0600.</summary>
    public static void WriteTo(string stateDirectory)
    {
        foreach (var (relative, content) in All)
        {
            var target = Path.Combine(stateDirectory, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.WriteAllBytes(target, content);
            File.SetUnixFileMode(target, relative.Contains("/bin/", StringComparison.Ordinal)
                ? UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                : UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    private static Dictionary<string, byte[]> Load()
    {
        var assembly = Assembly.Load(new AssemblyName("sigilum"));
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            files[name[Prefix.Length..].Replace('\\', '/')] = buffer.ToArray();
        }
        return files;
    }
}
