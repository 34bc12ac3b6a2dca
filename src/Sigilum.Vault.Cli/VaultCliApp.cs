using System.CommandLine;

namespace Sigilum.Vault.Cli;

/// <summary>The <c>sigil-vault</c> command line, runnable in-process (tests pass their own writers and environment).</summary>
internal static class VaultCliApp
{
    public static Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, VaultCliEnvironment environment, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        var root = new RootCommand("sigil-vault");
        return root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = stdout, Error = stderr }, cancellationToken);
    }
}
