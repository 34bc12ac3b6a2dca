using Sigilum.Protocol.Errors;

namespace Sigilum.Vault.Gate;

/// <summary>
/// Vault-specific attestation codes. Signature and claim failures keep the Protocol codes
/// (<c>JWS_*</c>, <c>ATTESTATION_*</c>) so one table in docs/errors.md covers gateway and vault.
/// </summary>
internal static class GateErrorCodes
{
    /// <summary>No <c>X-Sigil-Attestation</c> header, or more than one.</summary>
    public const string Missing = ErrorCatalogue.AttestationMissing;

    /// <summary>The <c>kid</c> names an anchor whose stored key no longer matches its pin.</summary>
    public const string PinMismatch = ErrorCatalogue.AttestationKeyPinMismatch;

    /// <summary>The attestation's <c>agentId</c> (else <c>sub</c>) is not the agent the proxy token authenticated, or it names none (JWT-11).</summary>
    public const string AgentMismatch = ErrorCatalogue.AttestationAgentMismatch;

    /// <summary>The <c>jti</c> was already used (durable store, kept until exp + 300 s).</summary>
    public const string Replayed = ErrorCatalogue.AttestationReplayed;

    /// <summary>The replay store could not record the <c>jti</c> (unavailable or full): refuse rather than risk a replay.</summary>
    public const string ReplayStoreUnavailable = ErrorCatalogue.ReplayStoreUnavailable;
}
