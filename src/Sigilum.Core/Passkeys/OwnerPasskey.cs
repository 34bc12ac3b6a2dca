namespace Sigilum.Core.Passkeys;

/// <summary>
/// A WebAuthn credential (passkey) an owner registered for the dashboard. Only public material: the private key
/// never leaves the authenticator.
/// </summary>
public sealed record OwnerPasskey
{
    /// <summary>The credential id, base64url without padding (what the browser calls <c>id</c>).</summary>
    public required string CredentialId { get; init; }

    public required string OwnerId { get; init; }

    public required string Namespace { get; init; }

    /// <summary>The COSE-encoded public key from the attestation.</summary>
    public required byte[] PublicKey { get; init; }

    /// <summary>The WebAuthn user handle the credential was created for (random per owner, never the namespace).</summary>
    public required byte[] UserHandle { get; init; }

    /// <summary>The authenticator's signature counter at the last accepted use; a lower one later is refused.</summary>
    public required long SignCount { get; init; }

    /// <summary>Transports the authenticator reported (usb, nfc, ble, internal, hybrid).</summary>
    public required IReadOnlyList<string> Transports { get; init; }

    /// <summary>The owner's label for it, e.g. "laptop".</summary>
    public required string Name { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? LastUsedAt { get; init; }
}
