using System.Text.Json.Nodes;

namespace Sigilum.Cli.OpenClaw;

/// <summary>One entry of the gateway's service catalogue, as import-keys uses it: how to reach the provider and which secret it injects.</summary>
internal sealed record ProviderTemplate(string Key, string Label, JsonNode Entry, IReadOnlyList<string> EnvVars)
{
    /// <summary>Import always names its connections <c>sigilum-secure-&lt;provider&gt;</c>, the name Sigilum's agents and hooks look for.</summary>
    public string ConnectionId => "sigilum-secure-" + Key;

    public string? Text(string name) => Services.ServiceFields.Text(Entry, name);
}
