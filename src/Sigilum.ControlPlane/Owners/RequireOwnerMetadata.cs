namespace Sigilum.ControlPlane.Owners;

/// <summary>Endpoint metadata: this endpoint needs an owner token (<c>Authorization: Bearer sgo_…</c>).</summary>
internal sealed class RequireOwnerMetadata
{
    public static readonly RequireOwnerMetadata Instance = new();
}
