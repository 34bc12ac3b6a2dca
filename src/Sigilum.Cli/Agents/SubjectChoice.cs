namespace Sigilum.Cli.Agents;

/// <summary>The <c>sigilum-subject</c> the helper signs ("who triggered the action") and where it came from.</summary>
internal sealed record SubjectChoice(string Subject, string Source);
