using System.Net;

namespace Sigilum.Vault.Egress;

/// <summary>The checked endpoint to dial, or why there is none.</summary>
internal sealed record EgressDecision(IPEndPoint? Endpoint, bool IsPrivate, string? Code, int Status, string? Message)
{
    public static EgressDecision Allow(IPEndPoint endpoint, bool isPrivate) => new(endpoint, isPrivate, null, 200, null);

    public static EgressDecision Deny(string code, int status, string message) => new(null, false, code, status, message);
}
