namespace Sigilum.OpenClaw.Hosting;

/// <summary>What a finished child process printed and how it exited.</summary>
internal sealed record ProcessResult(int ExitCode, string Stdout, string Stderr)
{
    /// <summary>For assertion messages: the exit code and both streams, shortened.</summary>
    public override string ToString() =>
        $"exit {ExitCode}\nstdout: {Shorten(Stdout)}\nstderr: {Shorten(Stderr)}";

    private static string Shorten(string text) => text.Length > 4000 ? text[..4000] + "…" : text;
}
