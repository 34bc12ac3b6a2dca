namespace Sigilum.ControlPlane.ServiceKeys;

/// <summary>Endpoint metadata: this endpoint needs a service API key (<c>Authorization: Bearer sk_live_…</c>).</summary>
internal sealed class RequireServiceKeyMetadata
{
    public static readonly RequireServiceKeyMetadata Instance = new();
}
