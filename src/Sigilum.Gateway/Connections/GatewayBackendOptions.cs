namespace Sigilum.Gateway.Connections;

/// <summary>
/// One credential backend the gateway may fetch connection secrets from (<c>Gateway:Backends</c>, issue #7
/// §4): a name that <c>{{backend:NAME:REF}}</c> secrets use, a kind and the kind's options, exactly as
/// <c>sigil-vault backends add</c> takes them (docs/backends.md). Secrets of the backend's own
/// authentication stay in environment variables or files (<c>*_env</c> / <c>*_file</c> options), never here.
/// </summary>
public sealed class GatewayBackendOptions
{
    public string Name { get; set; } = string.Empty;

    public string Kind { get; set; } = string.Empty;

    public Dictionary<string, string> Options { get; set; } = new(StringComparer.Ordinal);
}
