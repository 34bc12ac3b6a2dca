namespace Sigilum.CommandLine.Services;

/// <summary>
/// The program the unit's ExecStart runs: this very command line, found the way the running process was started. An
/// installed tool or apphost runs as itself (<c>/usr/local/lib/sigilum/sigilum</c>); a source checkout or the repo
/// launcher runs the built dll with <c>dotnet</c> (<c>/usr/share/dotnet/dotnet …/sigilum.dll</c>).
/// </summary>
public sealed record ServiceEntryPoint(string Program, IReadOnlyList<string> PrefixArguments, string? DotnetRoot)
{
    // ProtectHome=yes hides these from the service, and they are usually private to their user anyway.
    private static readonly string[] HomeRoots = ["/home/", "/root/", "/run/user/"];

    /// <param name="commandName">The CLI's command name (<c>sigilum</c>): a process path with this name is the apphost.</param>
    /// <param name="assemblyPath">The CLI's dll.</param>
    /// <param name="processPath">The running process's executable (<see cref="Environment.ProcessPath"/>).</param>
    /// <param name="runtimeDirectory">The running runtime's directory (…/shared/Microsoft.NETCore.App/&lt;version&gt;/).</param>
    public static ServiceEntryPoint Resolve(string commandName, string assemblyPath, string? processPath, string runtimeDirectory)
    {
        ArgumentNullException.ThrowIfNull(runtimeDirectory);
        // <root>/shared/Microsoft.NETCore.App/<version>/ → <root>; DOTNET_ROOT lets an apphost find the runtime as the service user.
        var runtime = new DirectoryInfo(runtimeDirectory.TrimEnd('/'));
        var dotnetRoot = runtime.Parent?.Parent?.Parent?.FullName;
        var name = processPath is null ? null : Path.GetFileNameWithoutExtension(processPath);
        if (name == commandName)
        {
            return new ServiceEntryPoint(processPath!, [], dotnetRoot);
        }
        var dotnet = name == "dotnet" ? processPath! : dotnetRoot is null ? "/usr/bin/dotnet" : Path.Combine(dotnetRoot, "dotnet");
        return new ServiceEntryPoint(dotnet, [Path.GetFullPath(assemblyPath)], dotnetRoot);
    }

    /// <summary>The entry point of the process running now.</summary>
    public static ServiceEntryPoint Current(string commandName, string assemblyPath) =>
        Resolve(commandName, assemblyPath, Environment.ProcessPath, System.Runtime.InteropServices.RuntimeEnvironment.GetRuntimeDirectory());

    /// <summary>This entry point as one shell-quoted command line, for the hints a command prints (<c>sudo -u user … </c>).</summary>
    public string CommandLine() => SystemdUnit.CommandLine(new[] { Program }.Concat(PrefixArguments));

    /// <summary>
    /// Why the service user could not run this entry point: it lives under a home directory (hidden by ProtectHome=yes)
    /// or is not readable by other users. Empty when it can.
    /// </summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        foreach (var path in new[] { Program }.Concat(PrefixArguments).Concat(DotnetRoot is null ? [] : [DotnetRoot]))
        {
            var full = Path.GetFullPath(path);
            if (HomeRoots.Any(root => (full + "/").StartsWith(root, StringComparison.Ordinal)))
            {
                problems.Add($"{full} is under a home directory, which the unit hides from the service (ProtectHome=yes)");
            }
            else if (!OperatingSystem.IsWindows() && !ReadableByOthers(full))
            {
                problems.Add($"{full} (or a directory above it) is not readable by other users, so the service user cannot run it");
            }
        }
        return problems;
    }

    /// <summary>The fix for <see cref="Problems"/>: a system-wide tool install.</summary>
    public static string ProblemFix(string packageId, string commandName) =>
        $"install the command line system-wide and run it from there: sudo dotnet tool install {packageId} --tool-path /usr/local/lib/{commandName} " +
        $"(add --add-source <folder> for a local package), then sudo /usr/local/lib/{commandName}/{commandName} …";

    private static bool ReadableByOthers(string path)
    {
        const UnixFileMode Read = UnixFileMode.OtherRead;
        const UnixFileMode Enter = UnixFileMode.OtherExecute;
        if (OperatingSystem.IsWindows())
        {
            return true;
        }
        if (!File.Exists(path) && !Directory.Exists(path))
        {
            return false;
        }
        if ((File.GetUnixFileMode(path) & Read) == 0)
        {
            return false;
        }
        for (var directory = Path.GetDirectoryName(path); !string.IsNullOrEmpty(directory); directory = Path.GetDirectoryName(directory))
        {
            if ((File.GetUnixFileMode(directory) & Enter) == 0)
            {
                return false;
            }
        }
        return true;
    }
}
