using System.ComponentModel;
using System.Diagnostics;
using Sigilum.CommandLine.Services;

namespace Sigilum.Cli.Update;

/// <summary>
/// Runs a program to completion with extra environment variables and captures what it printed: <c>dotnet tool</c>, and the
/// installed <c>sigilum</c> starting servers. The variables may hold secrets (a PostgreSQL connection string); they go
/// to the child's environment only, never into arguments (which <c>ps</c> shows) or messages.
/// </summary>
internal static class ChildProgram
{
    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    public static async Task<ProgramResult> RunAsync(string program, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }
        Process? process;
        try
        {
            process = Process.Start(start);
        }
        catch (Win32Exception ex)
        {
            return new ProgramResult(127, string.Empty, $"{program}: {ex.Message}");
        }
        if (process is null)
        {
            return new ProgramResult(127, string.Empty, $"{program} did not start");
        }
        using (process)
        {
            process.StandardInput.Close();
            var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var error = process.StandardError.ReadToEndAsync(cancellationToken);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(Timeout);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }
            return new ProgramResult(process.ExitCode, await output, await error);
        }
    }
}
