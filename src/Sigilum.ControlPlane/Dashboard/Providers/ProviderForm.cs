using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Sigilum.ControlPlane.Dashboard.Providers;

/// <summary>
/// Reading the add/rotate form. Secrets arrive only as <c>sealed:&lt;key&gt;</c> fields holding a sealed envelope (the
/// plaintext inputs have no name, so a browser never sends them); an empty one means the page's script did not run.
/// </summary>
internal static class ProviderForm
{
    public const string SealedPrefix = "sealed:";

    public static readonly string[] ConnectionFields = ["id", "name", "base_url", "auth_mode", "auth_header_name", "auth_prefix", "auth_secret_key"];

    /// <summary>The <c>sealed_secrets</c> object, or why it cannot be built.</summary>
    public static (JsonObject? Sealed, string? Problem) SealedSecrets(IFormCollection form)
    {
        var sealedSecrets = new JsonObject();
        foreach (var (name, value) in form)
        {
            if (!name.StartsWith(SealedPrefix, StringComparison.Ordinal))
            {
                continue;
            }
            var key = name[SealedPrefix.Length..];
            var envelope = value.ToString();
            if (envelope.Length == 0)
            {
                return (null, "The secret was not encrypted: this form needs JavaScript (and a secure context: HTTPS or localhost) to seal secrets in your browser. Nothing was sent.");
            }
            try
            {
                sealedSecrets[key] = JsonNode.Parse(envelope) as JsonObject ?? throw new JsonException();
            }
            catch (JsonException)
            {
                return (null, $"The sealed value for {key} is not a sealed envelope. Reload the page and try again.");
            }
        }
        return sealedSecrets.Count == 0 ? (null, "Enter the secret.") : (sealedSecrets, null);
    }

    /// <summary>The connection fields as typed; the prefix keeps its spaces ("Bearer " needs the one before the secret).</summary>
    public static Dictionary<string, string> Values(IFormCollection form) =>
        ConnectionFields.ToDictionary(f => f, f => f == "auth_prefix" ? form[f].ToString() : form[f].ToString().Trim(), StringComparer.Ordinal);
}
