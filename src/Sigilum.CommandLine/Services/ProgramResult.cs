namespace Sigilum.CommandLine.Services;

/// <summary>How a program that <see cref="ServiceSystem"/> ran ended.</summary>
public sealed record ProgramResult(int ExitCode, string Output, string Error)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>The program's own words for a failure, one line.</summary>
    public string Reason => (Error.Trim().Length > 0 ? Error : Output).Trim().ReplaceLineEndings(" ");
}
