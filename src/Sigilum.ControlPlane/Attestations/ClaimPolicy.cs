using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Sigilum.Core.Claims;
using Sigilum.Protocol.Json;

namespace Sigilum.ControlPlane.Attestations;

/// <summary>
/// What an attestation's <c>policyHash</c> commits to. Sign hashes its <c>warranty.md</c>; our policy is
/// the owner's approval, so we hash a canonical description of it (pg-commit-v1 canonical JSON, keys
/// sorted): version tag, claim id, namespace, service, agent key, approval time and scope (expiry and
/// allowed subjects, sorted). An auditor holding the claim can re-derive the hash; verifiers treat it
/// as opaque.
/// </summary>
internal static class ClaimPolicy
{
    public const string Version = "sigilum-claim-policy-v1";

    public static JsonObject Describe(ClaimRecord claim)
    {
        ArgumentNullException.ThrowIfNull(claim);
        var subjects = new JsonArray();
        foreach (var subject in claim.AllowedSubjects.Order(StringComparer.Ordinal))
        {
            subjects.Add(subject);
        }
        return new JsonObject
        {
            ["v"] = Version,
            ["claimId"] = claim.Id,
            ["namespace"] = claim.Namespace,
            ["service"] = claim.Service,
            ["publicKey"] = claim.PublicKey,
            ["approvedAt"] = claim.ApprovedAt?.ToUnixTimeSeconds(),
            ["expiresAt"] = claim.ExpiresAt?.ToUnixTimeSeconds(),
            ["allowedSubjects"] = subjects,
        };
    }

    /// <summary>Lower-case hex SHA-256 of the canonical description.</summary>
    public static string Hash(ClaimRecord claim) => Convert.ToHexStringLower(SHA256.HashData(CanonicalJson.SerializeToUtf8(Describe(claim))));
}
