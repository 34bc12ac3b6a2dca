namespace Sigilum.Gateway.Hold;

/// <summary>
/// Bounds on requests held while the owner decides (ADR 0055; the hold itself is opted into per connection with
/// <c>hold_seconds</c>). A held request costs no thread, but it keeps its client connection, its buffered body and a slot.
/// </summary>
public sealed class HoldOptions
{
    /// <summary>Requests one agent key may have held at once, over all connections (<c>AUTH_HOLD_AGENT_LIMIT</c> beyond).</summary>
    public int MaxPerAgent { get; set; } = 8;

    /// <summary>Requests the gateway holds at once in total (<c>AUTH_HOLD_GATEWAY_LIMIT</c> beyond).</summary>
    public int MaxTotal { get; set; } = 1024;

    public void Validate()
    {
        if (MaxPerAgent < 1 || MaxTotal < 1)
        {
            throw new InvalidOperationException("Gateway:Hold:MaxPerAgent and Gateway:Hold:MaxTotal must be positive.");
        }
    }
}
