namespace Sigilum.ControlPlane.Relay;

/// <summary>One relayed command's outcome as the owner JSON API reports it.</summary>
/// <param name="RequestId">The command's id; null when it was refused before being sent.</param>
/// <param name="Response">The answer or the failure.</param>
/// <param name="Headers">The gateway's response headers (only when it answered).</param>
/// <param name="Answered">True when the gateway answered (its admin API or its relay dispatcher).</param>
internal sealed record RelayExchange(string? RequestId, RelayResponse Response, IReadOnlyDictionary<string, string>? Headers, bool Answered)
{
    public static RelayExchange Failed(RelayResponse response) => new(null, response, null, Answered: false);
}
