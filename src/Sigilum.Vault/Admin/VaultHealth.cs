using System.Text.Json.Serialization;

namespace Sigilum.Vault.Admin;

/// <summary>The body of the admin port's <c>GET /health</c>: the vault is up and its proxy listens; the posture says how it runs.</summary>
internal sealed record VaultHealth(
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("service")] string Service,
    [property: JsonPropertyName("posture")] string Posture);
