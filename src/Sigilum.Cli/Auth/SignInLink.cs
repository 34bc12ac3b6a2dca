namespace Sigilum.Cli.Auth;

/// <summary>A one-time dashboard sign-in link and when it stops working.</summary>
internal sealed record SignInLink(string Url, DateTimeOffset ExpiresAt, bool PasskeyRequirementLifted = false);
