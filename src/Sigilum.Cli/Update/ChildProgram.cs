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

    public static Task<ProgramResult> RunAsync(string program, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken) =>
        ProgramRunner.RunAsync(program, arguments, environment, Timeout, cancellationToken);
}
