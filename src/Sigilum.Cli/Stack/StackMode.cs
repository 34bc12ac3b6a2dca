namespace Sigilum.Cli.Stack;

/// <summary>How <c>sigilum up</c> found or started one server of the local stack.</summary>
internal enum StackMode
{
    /// <summary>In this process; Ctrl+C stops it.</summary>
    Foreground,

    /// <summary>Started detached (<c>--detach</c>, or the gateway of a stack whose control plane runs elsewhere); <c>sigilum down</c> stops it.</summary>
    Background,

    /// <summary>Already running from this home, and reused.</summary>
    AlreadyRunning,
}
