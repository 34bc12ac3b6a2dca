namespace Sigilum.Core.Passkeys;

/// <summary>Which WebAuthn ceremony a challenge was issued for; a challenge of one is never accepted by the other.</summary>
public enum PasskeyCeremony
{
    /// <summary>Adding a passkey to a signed-in owner (<c>navigator.credentials.create</c>).</summary>
    Registration,

    /// <summary>Signing in with a passkey (<c>navigator.credentials.get</c>).</summary>
    SignIn,
}
