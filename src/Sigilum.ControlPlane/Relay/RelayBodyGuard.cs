using System.Text.Json;
using Sigilum.Protocol.Errors;

namespace Sigilum.ControlPlane.Relay;

/// <summary>
/// The control plane relays ciphertext only (ADR 0018): a relayed body must be a JSON object without a
/// top-level <c>secrets</c> or <c>value</c> member — the members through which the gateway's admin API takes
/// plaintext provider secrets (spec §3.7). Only top-level members are bound by the gateway, so deeper ones
/// cannot reach it as a secret. A body that is not a JSON object cannot be checked and is refused too.
/// </summary>
internal static class RelayBodyGuard
{
    private static readonly string[] PlaintextMembers = ["secrets", "value"];

    /// <summary>Null when the body may be relayed; otherwise the refusal's code.</summary>
    public static string? Check(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return ErrorCatalogue.RelayBodyInvalid;
            }
            foreach (var property in document.RootElement.EnumerateObject())
            {
                // Case-insensitive: the gateway's JSON binding matches member names that way.
                if (PlaintextMembers.Any(name => string.Equals(name, property.Name, StringComparison.OrdinalIgnoreCase)))
                {
                    return ErrorCatalogue.RelayPlaintextSecret;
                }
            }
            return null;
        }
        catch (JsonException)
        {
            return ErrorCatalogue.RelayBodyInvalid;
        }
    }
}
