namespace Sigilum.Gateway.Proxy;

/// <summary>The agent a proxied request was verified to come from.</summary>
internal sealed record AgentCaller(string Namespace, string Subject, string PublicKey, string KeyId, string? AgentId, string Nonce);
