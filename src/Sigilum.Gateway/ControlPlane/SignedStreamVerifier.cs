using System.Globalization;
using Sigilum.Gateway.Approvals;
using Sigilum.Protocol.ControlPlane;

namespace Sigilum.Gateway.ControlPlane;

/// <summary>
/// Verifies the events of one control-plane stream connection (ADR 0024): each must carry the pinned key's signature
/// over ⟨namespace, this gateway's key, the challenge sent with this connection, its position on the connection,
/// name, id, SHA-256 of the data⟩. Positions count 1, 2, … per connection, so an event dropped, repeated or
/// reordered by someone in between fails, and so does anything recorded on another connection (other challenge)
/// or sent to another gateway. Not thread-safe: one reader loop per connection.
/// </summary>
internal sealed class SignedStreamVerifier
{
    private readonly byte[] _key;
    private readonly string _purpose;
    private readonly string _namespace;
    private readonly string _nodeKey;
    private long _position;

    public SignedStreamVerifier(byte[] key, string purpose, string ns, string nodeKey, string challenge)
    {
        ArgumentNullException.ThrowIfNull(key);
        _key = key;
        _purpose = purpose;
        _namespace = ns;
        _nodeKey = nodeKey;
        Challenge = challenge;
    }

    /// <summary>The challenge to send as the stream's <c>challenge</c> query parameter.</summary>
    public string Challenge { get; }

    /// <summary>
    /// True when <paramref name="sse"/> is the next signed event of this connection (and only then does the position
    /// advance). Comments are never signed: false, and the caller ignores them.
    /// </summary>
    public bool Verify(ServerSentEvent sse)
    {
        ArgumentNullException.ThrowIfNull(sse);
        if (sse.Name is null || sse.Signature is null)
        {
            return false;
        }
        var next = _position + 1;
        if (!ControlPlaneSignature.Verify(_key, sse.Signature, _purpose,
            [_namespace, _nodeKey, Challenge, next.ToString(CultureInfo.InvariantCulture), sse.Name, sse.Id ?? string.Empty, ControlPlaneSignature.Digest(sse.Data)]))
        {
            return false;
        }
        _position = next;
        return true;
    }
}
