using System.ComponentModel;
using System.Diagnostics;

namespace Sigilum.CommandLine.Services;

/// <summary>
/// Runs a program to completion (arguments passed as-is, no shell; standard input closed) and captures what it printed.
/// A program that cannot be started is exit code 127, as a shell says; one that outlives <c>timeout</c> or the caller's
/// cancellation is killed with its children before the cancellation is rethrown, so nothing is left running.
/// Environment variables go to the child only: they may hold secrets, which arguments (shown by <c>ps</c>) must not.
/// </summary>
public static class ProgramRunner
{
    public static async Task<ProgramResult> RunAsync(string program, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment,
        TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(environment);
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
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(timeout);
            try
            {
                await process.WaitForExitAsync(deadline.Token);
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
