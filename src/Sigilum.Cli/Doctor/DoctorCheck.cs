namespace Sigilum.Cli.Doctor;

/// <summary>
/// One finding of <c>sigilum doctor</c>: a status (<c>OK</c>, <c>WARN</c>, <c>FAIL</c>, <c>INFO</c>), a label, what was
/// found and, when it is not OK, how to fix it. <see cref="Repair"/> is set only for a safe local fix (a file mode)
/// that <c>--fix</c> may apply by itself.
/// </summary>
internal sealed record DoctorCheck(string Status, string Label, string Detail, string? Fix = null)
{
    public const string Ok = "OK";
    public const string Warn = "WARN";
    public const string Fail = "FAIL";
    public const string Info = "INFO";

    /// <summary>The file or directory and the mode <c>--fix</c> sets.</summary>
    public (string Path, UnixFileMode Mode)? Repair { get; init; }
}
