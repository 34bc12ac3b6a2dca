using Sigilum.Cli.Local;
using Sigilum.Cli.Stack;

namespace Sigilum.Cli.Update;

/// <summary>
/// A server started in the background from this home (<c>up --detach</c>, <c>api start --detach</c>,
/// <c>gateway start --detach</c>) that an update stops and starts again with the new build: with the arguments and
/// settings it was started with, read from the process itself.
/// </summary>
internal sealed record BackgroundTarget(ServerKind Kind, RunState State, RunningProgram Program)
{
    /// <summary>
    /// <c>&lt;command&gt; start … --daemon</c> as it runs, turned back into the <c>start … --detach</c> that started it:
    /// the new build starts its own daemon and returns once it answers /health.
    /// </summary>
    public IReadOnlyList<string> StartArguments =>
        [.. Program.Arguments.Select(a => a == BackgroundServer.DaemonFlag ? "--detach" : a)];
}
