using System.CommandLine;

namespace Sigilum.CommandLine;

/// <summary>The root both CLIs build with <see cref="CommandLineApp"/>: help with the manual, bare groups show help, errors exit 2.</summary>
public sealed class CommandLineAppTests
{
    private static Task<(int ExitCode, string Out, string Error)> RunAsync(params string[] args) => RunAsync(args, _ => { });

    private static async Task<(int ExitCode, string Out, string Error)> RunAsync(string[] args, Action<CliOutput> leaf)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exitCode = await CommandLineApp.RunAsync(args, stdout, stderr, new PlainEnvironment(), output => Build(output, leaf), TimeSpan.FromSeconds(5));
        return (exitCode, stdout.ToString(), stderr.ToString());
    }

    private const string Manual = """
        ## demo

        A demo command line.

        Root details.

        ```
        demo outer
        ```

        ## demo outer

        The outer group.

        ```
        demo outer inner run
        ```

        ## demo outer inner

        The inner group.

        ## demo outer inner run

        Run it.

        Runs the thing.

        ```
        demo outer inner run
        ```
        """;

    private static Command Build(CliOutput output, Action<CliOutput> leaf)
    {
        var run = CommandDeclaration.Define("run");
        run.SetAction(_ => output.Report(false, () => "unused", leaf));
        var outer = CommandDeclaration.Group("outer", CommandDeclaration.Group("inner", run));
        return CommandLineApp.Root(CommandManuals.Parse(Manual), "demo", new VersionOption(), outer);
    }

    [Fact]
    public async Task Root_NoArguments_PrintsHelpWithDetailsAndExamples()
    {
        var (exitCode, stdout, _) = await RunAsync();

        Assert.Equal(ExitCodes.Ok, exitCode);
        Assert.Contains("A demo command line.", stdout, StringComparison.Ordinal);
        Assert.Contains("Details:\n  Root details.", stdout.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("Examples:\n  demo outer", stdout.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Root_NestedGroupWithoutSubcommand_PrintsItsHelp()
    {
        var (exitCode, stdout, stderr) = await RunAsync("outer", "inner");

        Assert.Equal(ExitCodes.Ok, exitCode);
        Assert.Contains("The inner group.", stdout, StringComparison.Ordinal);
        Assert.Equal(string.Empty, stderr);
    }

    [Fact]
    public async Task Root_LeafHelp_PrintsTheLeafManual()
    {
        var (_, stdout, _) = await RunAsync("outer", "inner", "run", "--help");

        Assert.Contains("Runs the thing.", stdout, StringComparison.Ordinal);
        Assert.Contains("demo outer inner run", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Root_UnknownCommand_UsageExitCode()
    {
        var (exitCode, _, stderr) = await RunAsync("nope");

        Assert.Equal(ExitCodes.Usage, exitCode);
        Assert.Contains("--help", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_Leaf_WritesThroughTheOutputItBuiltTheRootWith()
    {
        var (exitCode, stdout, _) = await RunAsync(["outer", "inner", "run"], output => output.Out.WriteLine("ran"));

        Assert.Equal(ExitCodes.Ok, exitCode);
        Assert.Equal("ran\n", stdout.ReplaceLineEndings("\n"));
    }
}
