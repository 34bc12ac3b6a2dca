namespace Sigilum.CommandLine;

/// <summary>What output formatting needs to know about the process a command runs in.</summary>
public interface ICommandLineEnvironment
{
    /// <summary>Reads an environment variable (tests pass their own).</summary>
    Func<string, string?> GetVariable { get; }

    /// <summary>Whether stdout is a terminal (colour and wrapping) rather than a pipe or file.</summary>
    bool OutputIsTerminal { get; }
}
