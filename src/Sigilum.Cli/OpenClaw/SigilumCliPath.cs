namespace Sigilum.Cli.OpenClaw;

/// <summary>
/// The program OpenClaw's skill helper and hooks run as <c>$SIGILUM_CLI_PATH</c>, decided at install time from how this
/// CLI is running now — so it is something that demonstrably runs on this machine:
/// <list type="number">
/// <item><c>--cli-path</c> when given;</item>
/// <item>the running executable when it is the <c>sigilum</c> program itself (the installed .NET tool or an apphost);</item>
/// <item>when running as <c>dotnet sigilum.dll</c> from a source checkout's <c>artifacts/</c>: the checkout's
/// <c>./sigilum</c> launcher (it rebuilds after source changes);</item>
/// <item>otherwise a two-line launcher written to <c>&lt;state&gt;/.sigilum/bin/sigilum</c> that runs
/// <c>&lt;dotnet&gt; &lt;dll&gt;</c> by absolute paths (an environment value cannot hold a command with arguments: the
/// helper runs it as one quoted word).</item>
/// </list>
/// </summary>
internal sealed record SigilumCliPath(string Path, string How, byte[]? Wrapper)
{
    public static SigilumCliPath Resolve(string? flag, string? processPath, string assemblyPath, string wrapperPath)
    {
        ArgumentNullException.ThrowIfNull(assemblyPath);
        ArgumentNullException.ThrowIfNull(wrapperPath);
        if (!string.IsNullOrWhiteSpace(flag))
        {
            return new SigilumCliPath(System.IO.Path.GetFullPath(flag.Trim()), "--cli-path", null);
        }
        if (processPath is not null && System.IO.Path.GetFileNameWithoutExtension(processPath) == "sigilum")
        {
            return new SigilumCliPath(processPath, "the running sigilum program", null);
        }
        if (FindCheckoutLauncher(assemblyPath) is { } launcher)
        {
            return new SigilumCliPath(launcher, "the source checkout's launcher", null);
        }
        var dotnet = processPath is not null && System.IO.Path.GetFileNameWithoutExtension(processPath) == "dotnet" ? processPath : "dotnet";
        var script = "#!/bin/sh\n# Written by `sigilum openclaw install`: runs the Sigilum CLI it was installed from.\n" +
            $"exec {Quote(dotnet)} {Quote(assemblyPath)} \"$@\"\n";
        return new SigilumCliPath(wrapperPath, "a launcher for dotnet " + System.IO.Path.GetFileName(assemblyPath), System.Text.Encoding.UTF8.GetBytes(script));
    }

    /// <summary>
    /// <c>&lt;root&gt;/artifacts/bin/Sigilum.Cli/&lt;config&gt;/sigilum.dll</c> → <c>&lt;root&gt;/sigilum</c>, when that file is a
    /// script beside <c>Sigilum.slnx</c>.
    /// </summary>
    private static string? FindCheckoutLauncher(string assemblyPath)
    {
        var directory = new DirectoryInfo(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(assemblyPath))!);
        for (var parent = directory; parent is not null; parent = parent.Parent)
        {
            if (parent.Name == "artifacts" && parent.Parent is { } root &&
                File.Exists(System.IO.Path.Combine(root.FullName, "Sigilum.slnx")) &&
                File.Exists(System.IO.Path.Combine(root.FullName, "sigilum")))
            {
                return System.IO.Path.Combine(root.FullName, "sigilum");
            }
        }
        return null;
    }

    // POSIX single quotes: nothing inside is special except the quote itself.
    private static string Quote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
