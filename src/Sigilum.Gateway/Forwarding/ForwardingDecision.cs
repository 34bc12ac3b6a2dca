using Sigilum.Core.Secrets;

namespace Sigilum.Gateway.Forwarding;

/// <summary>
/// Where and how one authorised request goes upstream. The engine zeroes every header value and
/// every secret in here when it is done, on every path, so callers hand over buffers they no longer need.
/// </summary>
/// <param name="UpstreamBase">Scheme, host, port and optional base path of the upstream.</param>
/// <param name="PathAndQuery">Appended to the base path (already routed and re-encoded by the caller).</param>
/// <param name="Headers">Headers to set upstream; each replaces any header of the same name from the agent.</param>
/// <param name="Secrets">Raw secret values to scrub if the upstream echoes them back.</param>
/// <param name="Echo">
/// The spellings of <paramref name="Secrets"/> derived once per connection and secret version (ADR 0044), when the caller
/// has them; the caller holds a reference on them until the engine returns. Null: the engine derives them per response.
/// </param>
internal sealed record ForwardingDecision(
    Uri UpstreamBase,
    string PathAndQuery,
    IReadOnlyList<InjectedHeader> Headers,
    IReadOnlyList<byte[]> Secrets,
    SecretSpellings? Echo = null);
