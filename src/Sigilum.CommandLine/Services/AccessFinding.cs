namespace Sigilum.CommandLine.Services;

/// <summary>One verdict of the shared isolation checks, mapped onto each doctor's own check type.</summary>
public sealed record AccessFinding(AccessVerdict Verdict, string Label, string Detail, string? Fix = null);
