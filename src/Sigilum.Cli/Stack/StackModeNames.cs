namespace Sigilum.Cli.Stack;

/// <summary>The spelling of a <see cref="StackMode"/> in <c>sigilum up --json</c> (<c>mode</c>), stable for scripts.</summary>
internal static class StackModeNames
{
    public static string WireName(this StackMode mode) => mode switch
    {
        StackMode.Foreground => "foreground",
        StackMode.Background => "background",
        _ => "already-running",
    };
}
