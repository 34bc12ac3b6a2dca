using System.Diagnostics;

namespace Sigilum.Testing;

/// <summary>
/// Real system programs for the <c>service install</c> tests (issue 12 item 2): <c>systemd-analyze verify</c> on a
/// rendered unit (Debian <c>systemd</c>, in TEST_APT_PACKAGES) and the user database. The tests run as root here and
/// in CI, so they create real system users; each uses a fresh name and deletes it afterwards.
/// </summary>
public static class SystemServices
{
    /// <summary>Runs a program to completion and returns its exit code and everything it printed.</summary>
    public static (int ExitCode, string Stdout, string Stderr) Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["LC_ALL"] = "C";
        start.Environment["SYSTEMD_PAGER"] = string.Empty;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill();
            throw new TimeoutException($"{program} did not finish within 60 s.");
        }
        return (process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>
    /// <c>systemd-analyze verify</c> on the unit file: it parses every setting (unknown keys and bad values are reported)
    /// and checks that ExecStart='s program exists and is executable. Exit 0 and nothing printed means the unit is clean.
    /// </summary>
    public static (int ExitCode, string Output) VerifyUnit(string unitFile)
    {
        var (exit, stdout, stderr) = Run("systemd-analyze", "verify", unitFile);
        return (exit, (stdout + stderr).Trim());
    }

    /// <summary>A system user name nobody else uses (at most 32 characters).</summary>
    public static string UniqueUserName(string prefix) => prefix + Guid.NewGuid().ToString("N")[..8];

    /// <summary>The passwd line of <paramref name="name"/>, or null.</summary>
    public static string? FindUser(string name)
    {
        var (exit, stdout, _) = Run("getent", "passwd", name);
        return exit == 0 ? stdout.Trim() : null;
    }

    /// <summary>Deletes the user (and its group) if it exists.</summary>
    public static void DeleteUser(string name)
    {
        if (FindUser(name) is not null)
        {
            Run("userdel", name);
        }
    }

    /// <summary>The uid and gid of "nobody" on Debian: a user that owns no file of the test.</summary>
    public const int NobodyId = 65534;

    /// <summary>
    /// Starts <paramref name="program"/> as uid/gid 65534 with no supplementary groups (util-linux <c>setpriv</c> execs it,
    /// so the returned process's pid is the program's). Output is redirected; the caller kills it when done.
    /// </summary>
    public static Process StartAsNobody(string program, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(environment);
        var start = new ProcessStartInfo("setpriv") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (var argument in new[] { $"--reuid={NobodyId}", $"--regid={NobodyId}", "--clear-groups", "--", program }.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }
        return Process.Start(start)!;
    }

    /// <summary>Gives <paramref name="path"/> (recursively) to uid/gid 65534.</summary>
    public static void GiveToNobody(string path)
    {
        var (exit, _, stderr) = Run("chown", "-R", $"{NobodyId}:{NobodyId}", path);
        if (exit != 0)
        {
            throw new InvalidOperationException("chown failed: " + stderr);
        }
    }
}
