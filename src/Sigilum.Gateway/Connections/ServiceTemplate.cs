using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sigilum.Gateway.Connections;

/// <summary>
/// One catalogue entry: how to create a connection for a known provider (spec §3.7). MCP fields are kept
/// as given (and unknown fields too, in <see cref="Extra"/>) so a catalogue written by Sigilum round-trips.
/// </summary>
internal sealed class ServiceTemplate
{
    public string? Key { get; set; }

    public string? Label { get; set; }

    public string? Description { get; set; }

    public string? ConnectionId { get; set; }

    public string? Protocol { get; set; }

    public string? BaseUrl { get; set; }

    public string? McpBaseUrl { get; set; }

    public string? PathPrefix { get; set; }

    public string? AuthMode { get; set; }

    public string? AuthHeaderName { get; set; }

    public string? AuthPrefix { get; set; }

    public string? AuthSecretKey { get; set; }

    public string? McpTransport { get; set; }

    public string? McpEndpoint { get; set; }

    public List<string>? McpToolAllowlist { get; set; }

    public List<string>? McpToolDenylist { get; set; }

    public int? McpMaxToolsExposed { get; set; }

    public JsonElement? McpSubjectToolPolicies { get; set; }

    public string? DefaultTestPath { get; set; }

    public string? DefaultTestMethod { get; set; }

    public Dictionary<string, string>? DefaultTestHeaders { get; set; }

    public string? DefaultTestBody { get; set; }

    public List<CredentialField>? CredentialFields { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
