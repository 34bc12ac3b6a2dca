using System.Text.Json.Nodes;
using Sigilum.Protocol.Encoding;
using Sigilum.Protocol.Identity;
using Sigilum.Protocol.Json;
using Sigilum.Protocol.Keys;

namespace Sigilum.Protocol.Audit;

/// <summary>
/// A signed statement "node N's audit log had head H at seq S", written apart from the log (and
/// sent to the control plane as a witness) so that truncating or rewriting the log is detectable:
/// a hash chain alone cannot show that records were cut off its tail (reliability §1.2, STO-07).
/// </summary>
/// <remarks>
/// JSON: <c>{"v":1,"node":…,"seq":…,"head":…,"ts":…,"publicKey":"ed25519:&lt;base64&gt;","sig":…}</c>.
/// <c>sig</c> is unpadded base64url of the Ed25519 signature over the canonical JSON of the other
/// six members. The embedded key says who claims to have signed; a verifier must still check it
/// against keys it trusts (<see cref="AuditVerifyOptions.TrustedKeys"/>).
/// </remarks>
public sealed partial class AuditCheckpoint
{
    /// <summary>The only checkpoint version (<c>v</c>) defined.</summary>
    public const int CurrentVersion = 1;

    /// <summary>Longest node id.</summary>
    public const int MaxNodeLength = 128;

    private readonly byte[] _publicKey;

    private AuditCheckpoint(string node, long seq, string head, DateTimeOffset timestamp, byte[] publicKey, string signature)
    {
        Node = node;
        Seq = seq;
        Head = head;
        Timestamp = timestamp;
        _publicKey = publicKey;
        Signature = signature;
    }

    /// <summary>The checkpoint version, <c>v</c>; always <see cref="CurrentVersion"/>.</summary>
    public int Version { get; } = CurrentVersion;

    /// <summary>The writer's node id, <c>node</c> (a gateway or vault instance): 1–128 visible ASCII characters.</summary>
    public string Node { get; }

    /// <summary>The <c>seq</c> of the record the checkpoint covers (0 for an empty log).</summary>
    public long Seq { get; }

    /// <summary>That record's hash, <c>head</c>.</summary>
    public string Head { get; }

    /// <summary>When the checkpoint was signed, <c>ts</c>, UTC with millisecond precision.</summary>
    public DateTimeOffset Timestamp { get; }

    /// <summary>The signer's raw 32-byte Ed25519 public key.</summary>
    public ReadOnlySpan<byte> PublicKey => _publicKey;

    /// <summary>The <c>publicKey</c> member: <c>ed25519:</c> + padded base64, as in identity records.</summary>
    public string PublicKeyText => AgentKeys.Format(_publicKey);

    /// <summary>The <c>sig</c> member: unpadded base64url of the 64-byte signature.</summary>
    public string Signature { get; }

    /// <summary>Signs the given chain head as node <paramref name="node"/> at the clock's current time.</summary>
    /// <exception cref="ArgumentException">The node id or head is not valid.</exception>
    public static AuditCheckpoint Sign(string node, AuditChainHead head, TimeProvider time, Ed25519KeyPair key)
    {
        ArgumentNullException.ThrowIfNull(head);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(key);
        if (!IsValidNode(node))
        {
            throw new ArgumentException($"A node id is 1-{MaxNodeLength} visible ASCII characters.", nameof(node));
        }
        if (head.Seq < 0 || !AuditHash.IsValid(head.Hash))
        {
            throw new ArgumentException("A chain head has a non-negative seq and a 64-hex-digit hash.", nameof(head));
        }
        var ts = AuditTimestamp.Truncate(time.GetUtcNow());
        var publicKey = key.PublicKey.ToArray();
        var signature = key.Sign(SigningInput(node, head.Seq, head.Hash, ts, publicKey));
        return new AuditCheckpoint(node, head.Seq, head.Hash, ts, publicKey, Base64Url.Encode(signature));
    }

    /// <summary>True when <c>sig</c> verifies under the embedded public key. Does not say the key is trusted.</summary>
    public bool VerifySignature() =>
        Base64Url.TryDecode(Signature, out var sig) &&
        Ed25519.Verify(_publicKey, SigningInput(Node, Seq, Head, Timestamp, _publicKey), sig);

    /// <summary>True when the embedded key is <paramref name="publicKey"/> and the signature verifies.</summary>
    public bool IsSignedBy(ReadOnlySpan<byte> publicKey) => publicKey.SequenceEqual(_publicKey) && VerifySignature();

    /// <summary>The checkpoint as one line of canonical UTF-8 JSON (no trailing newline).</summary>
    public byte[] ToUtf8Json()
    {
        var obj = Members(Node, Seq, Head, Timestamp, _publicKey);
        obj[SigMember] = Signature;
        return CanonicalJson.SerializeToUtf8(obj);
    }

    /// <inheritdoc/>
    public override string ToString() => System.Text.Encoding.UTF8.GetString(ToUtf8Json());

    private static byte[] SigningInput(string node, long seq, string head, DateTimeOffset ts, byte[] publicKey) =>
        CanonicalJson.SerializeToUtf8(Members(node, seq, head, ts, publicKey));

    private static JsonObject Members(string node, long seq, string head, DateTimeOffset ts, byte[] publicKey) => new()
    {
        [AuditJson.V] = CurrentVersion,
        [NodeMember] = node,
        [AuditJson.Seq] = seq,
        [HeadMember] = head,
        [AuditJson.Ts] = AuditTimestamp.ToText(ts),
        [PublicKeyMember] = AgentKeys.Format(publicKey),
    };

    private static bool IsValidNode(string? node)
    {
        if (string.IsNullOrEmpty(node) || node.Length > MaxNodeLength)
        {
            return false;
        }
        foreach (var c in node)
        {
            if (c is < '!' or > '~')
            {
                return false;
            }
        }
        return true;
    }
}
