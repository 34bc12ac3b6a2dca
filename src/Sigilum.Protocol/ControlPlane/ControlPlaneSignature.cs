using System.Security.Cryptography;
using Sigilum.Protocol.Encoding;
using Sigilum.Protocol.Keys;

namespace Sigilum.Protocol.ControlPlane;

/// <summary>
/// Signatures of the control plane over what a gateway or vault accepts from it (ADR 0024): stream events,
/// relay commands and witness answers. The signed message is <c>sigilum-control-plane/v1</c>, the purpose and
/// each field, one per line (UTF-8, <c>\n</c>-terminated), so a signature made for one purpose never verifies
/// for another (domain separation) and fields cannot slide into each other: a field containing a line break is
/// refused rather than escaped. Bulky payloads are bound by their SHA-256 (<see cref="Digest"/>), not copied in.
/// </summary>
public static class ControlPlaneSignature
{
    /// <summary>The first line of every signed message.</summary>
    public const string Context = "sigilum-control-plane/v1";

    /// <summary>Purpose of an event on the claims stream (<c>GET /v1/stream</c>).</summary>
    public const string StreamEvent = "stream-event";

    /// <summary>Purpose of an event on the relay stream (<c>GET /v1/gateway/relay/stream</c>).</summary>
    public const string RelayEvent = "relay-event";

    /// <summary>Purpose of the witness's answer to a posted checkpoint.</summary>
    public const string WitnessAnswer = "witness-answer";

    /// <summary>The exact bytes signed for <paramref name="purpose"/> and <paramref name="fields"/>.</summary>
    /// <exception cref="ArgumentException">A field or the purpose contains a line break.</exception>
    public static byte[] Message(string purpose, params ReadOnlySpan<string> fields)
    {
        ArgumentException.ThrowIfNullOrEmpty(purpose);
        var text = new System.Text.StringBuilder(Context).Append('\n');
        Append(text, purpose);
        foreach (var field in fields)
        {
            Append(text, field ?? throw new ArgumentException("A signed field may not be null.", nameof(fields)));
        }
        return System.Text.Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>Signs <paramref name="fields"/> for <paramref name="purpose"/>; the signature as unpadded base64url.</summary>
    public static string Sign(Ed25519KeyPair key, string purpose, params ReadOnlySpan<string> fields)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Base64Url.Encode(key.Sign(Message(purpose, fields)));
    }

    /// <summary>
    /// True only when <paramref name="signature"/> (unpadded base64url) is <paramref name="publicKey"/>'s signature of
    /// exactly these fields for this purpose. A missing, malformed or wrong-length signature, or a field with a line
    /// break, is simply false: the caller treats every false alike (refuse, count as "stream down").
    /// </summary>
    public static bool Verify(ReadOnlySpan<byte> publicKey, string? signature, string purpose, params ReadOnlySpan<string> fields)
    {
        if (publicKey.Length != Ed25519.PublicKeySize || !Base64Url.TryDecode(signature, out var bytes) || bytes.Length != Ed25519.SignatureSize)
        {
            return false;
        }
        byte[] message;
        try
        {
            message = Message(purpose, fields);
        }
        catch (ArgumentException)
        {
            return false;
        }
        return Ed25519.Verify(publicKey, message, bytes);
    }

    /// <summary>The SHA-256 of <paramref name="data"/>'s UTF-8 bytes, unpadded base64url: how a payload is bound.</summary>
    public static string Digest(string data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return Base64Url.Encode(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(data)));
    }

    /// <summary>A fresh random challenge (32 bytes, unpadded base64url) a data plane sends when it opens a stream.</summary>
    public static string NewChallenge() => Base64Url.Encode(RandomNumberGenerator.GetBytes(32));

    /// <summary>
    /// True when <paramref name="challenge"/> is a plausible challenge: 16 to 128 base64url characters. The control
    /// plane refuses anything else rather than sign attacker-shaped text.
    /// </summary>
    public static bool IsValidChallenge(string? challenge) =>
        challenge is { Length: >= 16 and <= 128 } && challenge.All(c => c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_');

    private static void Append(System.Text.StringBuilder text, string field)
    {
        if (field.AsSpan().IndexOfAny('\n', '\r') >= 0)
        {
            throw new ArgumentException("A signed field may not contain a line break.", nameof(field));
        }
        text.Append(field).Append('\n');
    }
}
