namespace Sigilum.Gateway.Forwarding;

/// <summary>
/// Where and how one authorised request goes upstream. The engine zeroes every header value and
/// every secret in here when it is done, on every path, so callers hand over buffers they no longer need.
/// </summary>
/// <param name="UpstreamBase">Scheme, host, port and optional base path of the upstream.</param>
/// <param name="PathAndQuery">Appended to the base path (already routed and re-encoded by the caller).</param>
/// <param name="Headers">Headers to set upstream; each replaces any header of the same name from the agent.</param>
/// <param name="Secrets">Raw secret values to scrub if the upstream echoes them back.</param>
internal sealed record ForwardingDecision(
    Uri UpstreamBase,
    string PathAndQuery,
    IReadOnlyList<InjectedHeader> Headers,
    IReadOnlyList<byte[]> Secrets);
