namespace Sigilum.Vault.Cli;

/// <summary>An expected failure on its way to the user: one stderr line and an exit code.</summary>
internal sealed class CliException(int exitCode, string message) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
