namespace Sigilum.ControlPlane.Dashboard.Passkeys;

/// <summary>A started ceremony: the token for the ceremony cookie, the options for the browser (JSON), and when it ends.</summary>
public sealed record PasskeyStart(string Token, string OptionsJson, DateTimeOffset ExpiresAt);
