using System.Text.Json;
using System.Text.Json.Nodes;

namespace Sigilum.ControlPlane.Dashboard.Providers;

/// <summary>
/// Reading the add/rotate form. Secrets arrive only as <c>sealed:&lt;key&gt;</c> fields holding a sealed envelope (the
/// plaintext inputs have no name, so a browser never sends them); an empty one means the page's script did not run.
/// </summary>
internal static class ProviderForm
{
    public const string SealedPrefix = "sealed:";

    public static readonly string[] ConnectionFields = ["id", "name", "base_url", "auth_mode", "auth_header_name", "auth_prefix", "auth_secret_key"];

    /// <summary>The MCP connection's text fields, sent only when the form is for an MCP server.</summary>
    public static readonly string[] McpFields = ["protocol", "mcp_endpoint", "mcp_transport", "mcp_tool_allowlist", "mcp_tool_denylist", "mcp_max_tools_exposed"];

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
        ConnectionFields.Concat(McpFields).Append(HoldSecondsField.Name).ToDictionary(f => f, f => f == "auth_prefix" ? form[f].ToString() : form[f].ToString().Trim(), StringComparer.Ordinal);

    /// <summary>
    /// The create body's members from the typed values: the connection's text fields, the hold (a number, ADR 0055), and for
    /// an MCP server its endpoint, transport and tool policy (lists as arrays, the limit as a number); null and why when the
    /// hold or the policy fields are invalid.
    /// </summary>
    public static (JsonObject? Body, string? Problem) Body(IReadOnlyDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var body = new JsonObject();
        foreach (var name in ConnectionFields.Where(f => values[f].Length > 0))
        {
            body[name] = values[name];
        }
        if (!HoldSecondsField.TryRead(values.GetValueOrDefault(HoldSecondsField.Name, string.Empty), out var hold))
        {
            return (null, HoldSecondsField.Problem);
        }
        if (hold is { } seconds)
        {
            body[HoldSecondsField.Name] = seconds;
        }
        if (values["protocol"] != "mcp")
        {
            return (body, null);
        }
        body["protocol"] = "mcp";
        foreach (var name in (string[])["mcp_endpoint", "mcp_transport"])
        {
            if (values[name].Length > 0)
            {
                body[name] = values[name];
            }
        }
        var (policy, problem) = McpPolicyForm.Read(values["mcp_tool_allowlist"], values["mcp_tool_denylist"], values["mcp_max_tools_exposed"]);
        if (policy is null)
        {
            return (null, problem);
        }
        body["mcp_tool_allowlist"] = McpPolicyForm.Names(policy.Allowlist);
        body["mcp_tool_denylist"] = McpPolicyForm.Names(policy.Denylist);
        if (policy.MaxToolsExposed is { } max)
        {
            body["mcp_max_tools_exposed"] = max;
        }
        return (body, null);
    }
}
