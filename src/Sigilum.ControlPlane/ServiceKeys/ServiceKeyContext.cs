namespace Sigilum.ControlPlane.ServiceKeys;

/// <summary>The service a service API key belongs to.</summary>
public sealed record ServiceKeyContext(string ServiceId, string Namespace, string Slug, string KeyId);
