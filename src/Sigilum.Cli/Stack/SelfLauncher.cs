using System.Diagnostics;

namespace Sigilum.Cli.Stack;

/// <summary>
/// Starts this same CLI again as a background process whose output goes to a log file: the apphost when we run
/// as one, else <c>dotnet sigilum.dll</c> (the repo launcher and tests run the dll).
/// </summary>
internal static class SelfLauncher
{
    // sh replaces stdin/stdout/stderr before exec, so the server never holds the caller's terminal or pipes
    // (a caller reading our output to the end would otherwise wait for the server to exit), and exec keeps the
    // pid we are given, which the server records in its run state.
    private const string Script = "log=$1; shift; exec \"$@\" </dev/null >>\"$log\" 2>&1";

    public static ProcessStartInfo StartInfo(string logFile, IEnumerable<string> arguments)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new CliException(ExitCodes.Usage, "--detach needs a POSIX system; run the server in the foreground instead.");
        }
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        foreach (var argument in new[] { "-c", Script, "sigilum-detach", logFile })
        {
            start.ArgumentList.Add(argument);
        }
        var (fileName, prefix) = Command();
        start.ArgumentList.Add(fileName);
        foreach (var argument in prefix.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }
        return start;
    }

    private static (string FileName, string[] Prefix) Command()
    {
        var processPath = Environment.ProcessPath;
        var name = processPath is null ? null : Path.GetFileNameWithoutExtension(processPath);
        if (name == "sigilum")
        {
            return (processPath!, []);
        }
        var dll = typeof(SelfLauncher).Assembly.Location;
        return (name == "dotnet" ? processPath! : "dotnet", [dll]);
    }
}
