using Sigilum.Protocol.Encoding;
using Sigilum.Protocol.Keys;

namespace Sigilum.Protocol.ControlPlane;

/// <summary>The control plane's signatures (ADR 0024): the signed bytes, domain separation and every way to fail.</summary>
public sealed class ControlPlaneSignatureTests : IDisposable
{
    private readonly Ed25519KeyPair _key = Ed25519KeyPair.Generate();

    public void Dispose() => _key.Dispose();

    [Fact]
    public void Message_IsContextPurposeAndFields_OnePerLine()
    {
        var bytes = ControlPlaneSignature.Message("stream-event", "alice", "ed25519:k", "c", "1");

        Assert.Equal("sigilum-control-plane/v1\nstream-event\nalice\ned25519:k\nc\n1\n", System.Text.Encoding.UTF8.GetString(bytes));
    }

    [Fact]
    public void Verify_SameKeyPurposeAndFields_True()
    {
        var signature = ControlPlaneSignature.Sign(_key, ControlPlaneSignature.StreamEvent, "alice", "ed25519:k", "challenge", "1");

        Assert.True(ControlPlaneSignature.Verify(_key.PublicKey, signature, ControlPlaneSignature.StreamEvent, "alice", "ed25519:k", "challenge", "1"));
    }

    [Fact]
    public void Verify_AnotherPurpose_False()
    {
        // A stream event's signature is no relay command's and no witness answer's.
        var signature = ControlPlaneSignature.Sign(_key, ControlPlaneSignature.StreamEvent, "alice", "1");

        Assert.False(ControlPlaneSignature.Verify(_key.PublicKey, signature, ControlPlaneSignature.RelayEvent, "alice", "1"));
    }

    [Fact]
    public void Verify_FieldBoundaryMoved_False()
    {
        var signature = ControlPlaneSignature.Sign(_key, ControlPlaneSignature.StreamEvent, "ab", "c");

        Assert.False(ControlPlaneSignature.Verify(_key.PublicKey, signature, ControlPlaneSignature.StreamEvent, "a", "bc"));
    }

    [Fact]
    public void Verify_AnotherKey_False()
    {
        using var other = Ed25519KeyPair.Generate();
        var signature = ControlPlaneSignature.Sign(other, ControlPlaneSignature.StreamEvent, "alice");

        Assert.False(ControlPlaneSignature.Verify(_key.PublicKey, signature, ControlPlaneSignature.StreamEvent, "alice"));
    }

    [Fact]
    public void Verify_OneSignatureByteFlipped_False()
    {
        var signature = ControlPlaneSignature.Sign(_key, ControlPlaneSignature.StreamEvent, "alice");
        Assert.True(Base64Url.TryDecode(signature, out var bytes));
        bytes[10] ^= 0x80;

        Assert.False(ControlPlaneSignature.Verify(_key.PublicKey, Base64Url.Encode(bytes), ControlPlaneSignature.StreamEvent, "alice"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not base64url!")]
    [InlineData("AAAA")]
    public void Verify_MissingOrMalformedSignature_False(string? signature) =>
        Assert.False(ControlPlaneSignature.Verify(_key.PublicKey, signature, ControlPlaneSignature.StreamEvent, "alice"));

    [Fact]
    public void LineBreakInAField_SignThrows_VerifyFalse()
    {
        Assert.Throws<ArgumentException>(() => ControlPlaneSignature.Sign(_key, ControlPlaneSignature.StreamEvent, "alice\nbob"));
        var signature = ControlPlaneSignature.Sign(_key, ControlPlaneSignature.StreamEvent, "alice");
        Assert.False(ControlPlaneSignature.Verify(_key.PublicKey, signature, ControlPlaneSignature.StreamEvent, "alice\r"));
    }

    [Fact]
    public void Verify_WrongLengthPublicKey_False()
    {
        var signature = ControlPlaneSignature.Sign(_key, ControlPlaneSignature.StreamEvent, "alice");

        Assert.False(ControlPlaneSignature.Verify(_key.PublicKey[..31], signature, ControlPlaneSignature.StreamEvent, "alice"));
    }

    [Fact]
    public void Digest_IsUnpaddedBase64UrlSha256()
    {
        // SHA-256("abc") from FIPS 180-2.
        Assert.Equal("ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0", ControlPlaneSignature.Digest("abc"));
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData("short", false)]
    [InlineData("0123456789abcdef", true)]
    [InlineData("0123456789abcdef+", false)]
    [InlineData("0123456789abcdef\n", false)]
    public void IsValidChallenge_OnlyBase64UrlOf16To128Characters(string? challenge, bool valid) =>
        Assert.Equal(valid, ControlPlaneSignature.IsValidChallenge(challenge));

    [Fact]
    public void NewChallenge_IsValidAndFresh()
    {
        var first = ControlPlaneSignature.NewChallenge();

        Assert.True(ControlPlaneSignature.IsValidChallenge(first));
        Assert.NotEqual(first, ControlPlaneSignature.NewChallenge());
    }

    [Fact]
    public void Key_FormatParseRoundTrip_AndFingerprint()
    {
        var text = ControlPlaneKey.Format(_key.PublicKey);

        Assert.True(ControlPlaneKey.TryParse(text, out var parsed));
        Assert.Equal(_key.PublicKey.ToArray(), parsed);
        Assert.Matches("^SHA256:[0-9a-f]{16}$", ControlPlaneKey.Fingerprint(parsed));
        Assert.False(ControlPlaneKey.TryParse(text[..^2], out _));
        Assert.False(ControlPlaneKey.TryParse("ed25519:" + text, out _));
        Assert.False(ControlPlaneKey.TryParse(null, out _));
    }
}
