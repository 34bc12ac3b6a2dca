using System.Diagnostics;
using System.Text.Json;

namespace Sigilum.EndToEnd;

/// <summary>Runs the built <c>sigilum</c> executable in a private home, as a user would from a shell.</summary>
internal sealed class SigilumProcess(string home)
{
    public sealed record Run(int ExitCode, string Stdout, string Stderr)
    {
        public JsonElement Json()
        {
            using var document = JsonDocument.Parse(Stdout);
            return document.RootElement.Clone();
        }

        public override string ToString() => $"exit {ExitCode}\nstdout: {Stdout}\nstderr: {Stderr}";
    }

    /// <summary>
    /// The `sigilum` apphost in the CLI's own build output (artifacts/bin/Sigilum.Cli/&lt;configuration&gt;), run as
    /// users run it: not the copy in this test's folder, whose dependency set is the test's (it also carries
    /// ASP.NET Core for the upstream), not the CLI's.
    /// </summary>
    private static string Executable
    {
        get
        {
            var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Name;
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "artifacts", "bin", "Sigilum.Cli", configuration, "sigilum");
                if (File.Exists(Path.Combine(dir.FullName, "Sigilum.slnx")) && File.Exists(candidate))
                {
                    return candidate;
                }
            }
            throw new InvalidOperationException("Build src/Sigilum.Cli first: its apphost was not found under artifacts/bin/Sigilum.Cli.");
        }
    }

    public Task<Run> RunAsync(params string[] args) => RunWithInputAsync(null, args);

    public Task<Run> RunWithInputAsync(string? stdin, params string[] args) => RunCoreAsync(stdin, null, args);

    /// <summary>Runs with extra environment variables (set after the defaults, so they may replace SIGILUM_HOME).</summary>
    public Task<Run> RunWithEnvironmentAsync(IReadOnlyDictionary<string, string> environment, params string[] args) => RunCoreAsync(null, environment, args);

    private async Task<Run> RunCoreAsync(string? stdin, IReadOnlyDictionary<string, string>? environment, string[] args)
    {
        var start = new ProcessStartInfo(Executable)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        foreach (var name in new[] { "SIGILUM_NAMESPACE", "SIGILUM_API_URL", "SIGILUM_API_PORT", "SIGILUM_STORE", "SIGILUM_POSTGRES", "SIGILUM_GATEWAY_URL", "GATEWAY_ADDR" })
        {
            start.Environment.Remove(name);
        }
        start.Environment["SIGILUM_HOME"] = home;
        start.Environment["USER"] = "e2e";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
        }
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await process.WaitForExitAsync(timeout.Token);
        return new Run(process.ExitCode, await stdout, await stderr);
    }
}
