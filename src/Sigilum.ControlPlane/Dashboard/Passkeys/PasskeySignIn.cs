namespace Sigilum.ControlPlane.Dashboard.Passkeys;

/// <summary>The owner a verified passkey signs in.</summary>
public sealed record PasskeySignIn(string OwnerId, string Namespace, string CredentialId);
