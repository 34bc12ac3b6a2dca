namespace Sigilum.ControlPlane.Relay;

/// <summary>
/// Relays admin requests to gateways that hold the relay stream (<c>GET /v1/gateway/relay/stream</c>) open to
/// this control-plane instance (ADR 0018). Commands must be on the relay allow-list and carry no plaintext
/// secret; provider secrets travel as sealed envelopes addressed to <see cref="RelayedGateway.EncryptionKey"/>.
/// </summary>
public interface IGatewayRelay
{
    /// <summary>The gateways of <paramref name="ns"/> holding a relay stream to this instance now.</summary>
    IReadOnlyList<RelayedGateway> Connected(string ns);

    /// <summary>
    /// Sends <paramref name="command"/> to gateway node <paramref name="nodeId"/> of <paramref name="ns"/> and waits
    /// for its answer. Never throws for expected failures: they come back with <see cref="RelayResponse.ErrorCode"/>
    /// set (see <see cref="Sigilum.Protocol.Errors.ErrorCatalogue"/>).
    /// </summary>
    Task<RelayResponse> SendAsync(string ns, string nodeId, RelayCommand command, CancellationToken cancellationToken);
}
