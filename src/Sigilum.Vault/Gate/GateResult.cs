using Sigilum.Protocol.Attestations;

namespace Sigilum.Vault.Gate;

/// <summary>The accepted attestation, or the refusal (HTTP status and stable code).</summary>
internal sealed record GateResult(AttestationClaims? Claims, int Status, string? Code, string? Reason)
{
    public bool IsAccepted => Claims is not null;

    public static GateResult Accept(AttestationClaims claims) => new(claims, 200, null, null);

    public static GateResult Refuse(string code, string reason, int status = 403) => new(null, status, code, reason);
}
