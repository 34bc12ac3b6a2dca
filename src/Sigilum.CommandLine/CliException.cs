namespace Sigilum.CommandLine;

/// <summary>
/// An expected failure on its way to the user: one line for stderr and the exit code. Commands throw it
/// from deep inside instead of threading a result through every helper; <see cref="CommandLineRunner"/> catches it.
/// </summary>
public sealed class CliException : Exception
{
    public CliException(int exitCode, string message)
        : base(message)
    {
        ExitCode = exitCode;
    }

    public int ExitCode { get; }
}
