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

    public Task<Run> RunAsync(params string[] args) => RunWithInputAsync(null, args);

    public async Task<Run> RunWithInputAsync(string? stdin, params string[] args)
    {
        var start = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "sigilum"))
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
