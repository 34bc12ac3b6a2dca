namespace Sigilum.Gateway.Relay;

/// <summary>What <c>GET /api/admin/relay</c> and <c>sigilum gateway pair --status</c> show.</summary>
/// <param name="Enabled">Whether the gateway tries to hold the stream.</param>
/// <param name="Connected">Whether the stream is open now.</param>
/// <param name="ConnectedSince">When the current stream opened.</param>
/// <param name="ControlPlaneUrl">The control plane the stream goes to.</param>
/// <param name="NodeId">This gateway's node id, or null when it has none (then the relay cannot run).</param>
/// <param name="EncryptionKeyId">The <c>kid</c> of the key provider secrets are sealed to.</param>
/// <param name="LastStatusCode">The control plane's status on the last attempt.</param>
/// <param name="LastError">Why the last stream ended or was refused.</param>
internal sealed record RelayStatus(bool Enabled, bool Connected, DateTimeOffset? ConnectedSince, Uri ControlPlaneUrl, string? NodeId, string EncryptionKeyId, int? LastStatusCode, string? LastError);
