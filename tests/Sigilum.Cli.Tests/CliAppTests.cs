namespace Sigilum.Cli;

public sealed class CliAppTests : IDisposable
{
    private static readonly string[] Commands =
        ["init", "list", "whoami", "sign", "request", "verify", "versions", "up", "down", "api", "gateway", "auth", "namespace", "claims", "webhooks",
         "service", "variable", "audit", "doctor", "update"];

    private static readonly string[] Subcommands =
    [
        "api start", "api stop", "api status", "auth login", "auth logout", "auth status", "namespace register", "namespace show",
        "claims list", "claims show", "claims approve", "claims reject", "claims revoke", "webhooks add", "webhooks list", "webhooks remove",
        "service add", "service list", "service get", "service update", "service rotate", "service test", "service delete",
        "variable set", "variable list", "variable delete", "audit verify", "audit tail",
    ];

    private readonly CliHarness _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task RunAsync_NoArguments_PrintsHelpListingEveryCommand()
    {
        var run = await _cli.RunAsync();

        Assert.Equal(0, run.ExitCode);
        foreach (var command in Commands)
        {
            Assert.Contains("  " + command, run.Stdout, StringComparison.Ordinal);
        }
        Assert.Contains("Exit codes:", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_EveryCommandHelp_HasDescriptionAndExamples()
    {
        foreach (var command in Commands)
        {
            var run = await _cli.RunAsync(command, "--help");

            Assert.Equal(0, run.ExitCode);
            Assert.Contains("Description:", run.Stdout, StringComparison.Ordinal);
            Assert.Contains("Examples:\n  sigilum " + command, run.Stdout, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task RunAsync_EverySubcommandHelp_HasDetailsAndExamples()
    {
        foreach (var command in Subcommands)
        {
            var run = await _cli.RunAsync([.. command.Split(' '), "--help"]);

            Assert.Equal(0, run.ExitCode);
            Assert.Contains("Details:", run.Stdout, StringComparison.Ordinal);
            Assert.Contains("Examples:\n  sigilum " + command, run.Stdout, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task RunAsync_GroupWithoutSubcommand_PrintsItsHelp()
    {
        var run = await _cli.RunAsync("claims");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("approve <claim-id>", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("Examples:", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_UnknownCommand_ExitsWithUsageError()
    {
        var run = await _cli.RunAsync("frobnicate");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("frobnicate", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(run.Stdout);
    }

    [Fact]
    public async Task RunAsync_UnknownOption_ExitsWithUsageError()
    {
        var run = await _cli.RunAsync("list", "--frobnicate");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("sigilum list --help", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_BadOptionValue_ExitsWithUsageError()
    {
        var run = await _cli.RunAsync("verify", "-f", "x.json", "--max-age", "soon");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
    }

    [Fact]
    public async Task RunAsync_Version_PrintsVersion()
    {
        var run = await _cli.RunAsync("--version");

        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("0.1.0", run.Stdout, StringComparison.Ordinal);
    }
}
