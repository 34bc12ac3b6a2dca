namespace Sigilum.CommandLine;

/// <summary>A redirected, colourless environment for the shared command-line pieces' tests.</summary>
internal sealed class PlainEnvironment : ICommandLineEnvironment
{
    public Func<string, string?> GetVariable { get; } = _ => null;

    public bool OutputIsTerminal => false;
}
