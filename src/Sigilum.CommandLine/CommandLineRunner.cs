using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace Sigilum.CommandLine;

/// <summary>
/// Parses and runs a command the way both command lines promise: usage errors exit 2 with a pointer to
/// <c>--help</c>, expected failures (<see cref="CliException"/>) print one line with their exit code, I/O failures
/// exit 6, cancellation 130, and anything else one line and 70 — never a stack trace.
/// </summary>
public static class CommandLineRunner
{
    /// <param name="root">The root command.</param>
    /// <param name="args">The arguments as given.</param>
    /// <param name="output">Where results and errors go.</param>
    /// <param name="terminationTimeout">How long Ctrl+C / SIGTERM waits for the action to finish (a server drains).</param>
    /// <param name="isInformational">Actions that may run despite parse errors (help, version).</param>
    /// <param name="cancellationToken">The caller's token.</param>
    public static async Task<int> RunAsync(
        Command root, string[] args, CliOutput output, TimeSpan terminationTimeout, Func<CommandLineAction?, bool>? isInformational = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        var parseResult = root.Parse(args);

        // Usage errors get exit code 2 (the library's default is 1, which we reserve for failed checks).
        if (parseResult.Errors.Count > 0 && parseResult.Action is not (HelpAction or ExamplesHelpAction) && isInformational?.Invoke(parseResult.Action) != true)
        {
            foreach (var error in parseResult.Errors)
            {
                output.WriteError(error.Message);
            }
            var command = parseResult.CommandResult.Command;
            output.Error.WriteLine($"Run '{(command == root ? root.Name : root.Name + " " + command.Name)} --help' for usage.");
            return ExitCodes.Usage;
        }

        try
        {
            return await parseResult.InvokeAsync(new InvocationConfiguration
            {
                Output = output.Out,
                Error = output.Error,
                EnableDefaultExceptionHandler = false,
                // Ctrl+C / SIGTERM cancel the action's token; a server then drains before exiting. The library's
                // 2 s default would cut the drain short and skip removing the run files.
                ProcessTerminationTimeout = terminationTimeout,
            }, cancellationToken);
        }
        catch (CliException ex)
        {
            output.WriteError(ex.Message);
            return ex.ExitCode;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            output.WriteError(ex.Message);
            return ExitCodes.IoError;
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C (System.CommandLine cancels the action's token) or the caller's token; timeouts
            // are turned into CliException where they happen, so what reaches here is a cancellation.
            output.WriteError("Cancelled.");
            return 130;
        }
#pragma warning disable CA1031 // The promise to users is one line and an exit code, never a stack trace.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            output.WriteError($"Unexpected failure ({ex.GetType().Name}): {ex.Message}");
            return ExitCodes.Internal;
        }
    }
}
