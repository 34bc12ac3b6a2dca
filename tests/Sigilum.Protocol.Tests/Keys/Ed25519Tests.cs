using System.Security.Cryptography;

namespace Sigilum.Protocol.Keys;

/// <summary>The Ed25519 facade on NSec/libsodium (ADR 0046) against RFC 8032 §7.1 and its refusal paths.</summary>
public sealed class Ed25519Tests
{
    public static TheoryData<string> Vectors => new(Rfc8032Vectors.All.Select(v => v.Name));

    [Fact]
    public void Implementation_NamesLibsodiumThroughNSec()
    {
        Assert.Matches(@"^libsodium \(NSec \d+\.\d+\.\d+\)$", Ed25519.Implementation);
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void DerivePublicKey_Rfc8032Vector_MatchesExpected(string vectorName)
    {
        var vector = Rfc8032Vectors.ByName(vectorName);

        Assert.Equal(vector.PublicKey, Convert.ToHexStringLower(Ed25519.DerivePublicKey(vector.SeedBytes)));
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Sign_Rfc8032Vector_MatchesExpectedSignature(string vectorName)
    {
        var vector = Rfc8032Vectors.ByName(vectorName);

        var signature = Ed25519.Sign(vector.SeedBytes, vector.PublicKeyBytes, vector.MessageBytes);

        Assert.Equal(vector.Signature, Convert.ToHexStringLower(signature));
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void KeyPairSign_Rfc8032Vector_MatchesExpectedSignature(string vectorName)
    {
        var vector = Rfc8032Vectors.ByName(vectorName);
        using var key = Ed25519KeyPair.FromSeed(vector.SeedBytes);

        var signature = key.Sign(vector.MessageBytes);

        Assert.Equal(vector.PublicKey, Convert.ToHexStringLower(key.PublicKey));
        Assert.Equal(vector.Signature, Convert.ToHexStringLower(signature));
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Verify_Rfc8032Vector_Accepts(string vectorName)
    {
        var vector = Rfc8032Vectors.ByName(vectorName);

        Assert.True(Ed25519.Verify(vector.PublicKeyBytes, vector.MessageBytes, vector.SignatureBytes));
    }

    [Fact]
    public void Verify_GeneratedKeysAnyMessageLength_RoundTrips()
    {
        for (var length = 0; length < 300; length += 37)
        {
            using var key = Ed25519KeyPair.Generate();
            var message = RandomNumberGenerator.GetBytes(length);

            Assert.True(Ed25519.Verify(key.PublicKey, message, key.Sign(message)), $"length {length}");
        }
    }

    [Fact]
    public void Verify_TamperedMessage_Rejects()
    {
        var vector = Rfc8032Vectors.Test3;
        var message = vector.MessageBytes;
        message[0] ^= 0x01;

        Assert.False(Ed25519.Verify(vector.PublicKeyBytes, message, vector.SignatureBytes));
    }

    [Fact]
    public void Verify_TamperedSignature_RejectsEveryByte()
    {
        var vector = Rfc8032Vectors.Test2;
        for (var i = 0; i < Ed25519.SignatureSize; i++)
        {
            var signature = vector.SignatureBytes;
            signature[i] ^= 0x80;

            Assert.False(Ed25519.Verify(vector.PublicKeyBytes, vector.MessageBytes, signature), $"byte {i}");
        }
    }

    [Fact]
    public void Verify_OtherPublicKey_Rejects()
    {
        var vector = Rfc8032Vectors.Test2;

        Assert.False(Ed25519.Verify(Rfc8032Vectors.Test3.PublicKeyBytes, vector.MessageBytes, vector.SignatureBytes));
    }

    [Fact]
    public void Verify_TamperedPublicKey_Rejects()
    {
        var vector = Rfc8032Vectors.Test1;
        var publicKey = vector.PublicKeyBytes;
        publicKey[5] ^= 0x04;

        Assert.False(Ed25519.Verify(publicKey, vector.MessageBytes, vector.SignatureBytes));
    }

    [Fact]
    public void Verify_SmallOrderPublicKey_Rejects()
    {
        // The identity point (y = 1) has order 1: with it and R = identity, S = 0 "verifies" any message
        // under a cofactorless check that skips the small-order test. libsodium refuses such keys.
        var identity = new byte[32];
        identity[0] = 1;
        var signature = new byte[64];
        signature[0] = 1;

        Assert.False(Ed25519.Verify(identity, [1, 2, 3], signature));
    }

    [Fact]
    public void Verify_NonCanonicalS_Rejects()
    {
        // S + L (the group order) is the same scalar mod L but a second encoding: RFC 8032 §5.1.7 says reject.
        var vector = Rfc8032Vectors.Test1;
        var signature = vector.SignatureBytes;
        var s = new System.Numerics.BigInteger(signature.AsSpan(32), isUnsigned: true, isBigEndian: false);
        var order = System.Numerics.BigInteger.Pow(2, 252) + System.Numerics.BigInteger.Parse("27742317777372353535851937790883648493", System.Globalization.CultureInfo.InvariantCulture);
        var bumped = (s + order).ToByteArray(isUnsigned: true, isBigEndian: false);
        Array.Clear(signature, 32, 32);
        bumped.CopyTo(signature, 32);

        Assert.False(Ed25519.Verify(vector.PublicKeyBytes, vector.MessageBytes, signature));
    }

    [Fact]
    public void Verify_WrongLengths_ReturnsFalseWithoutThrowing()
    {
        var vector = Rfc8032Vectors.Test2;
        var pk = vector.PublicKeyBytes;
        var sig = vector.SignatureBytes;

        Assert.False(Ed25519.Verify(pk.AsSpan(0, 31), vector.MessageBytes, sig));
        Assert.False(Ed25519.Verify([.. pk, 0], vector.MessageBytes, sig));
        Assert.False(Ed25519.Verify([], vector.MessageBytes, sig));
        Assert.False(Ed25519.Verify(pk, vector.MessageBytes, sig.AsSpan(0, 63)));
        Assert.False(Ed25519.Verify(pk, vector.MessageBytes, [.. sig, 0]));
        Assert.False(Ed25519.Verify(pk, vector.MessageBytes, []));
    }

    [Fact]
    public void Sign_PublicKeyNotFromSeed_Throws()
    {
        Assert.Throws<ArgumentException>(() =>
            Ed25519.Sign(Rfc8032Vectors.Test1.SeedBytes, Rfc8032Vectors.Test2.PublicKeyBytes, [1, 2, 3]));
    }

    [Fact]
    public void Sign_WrongSeedLength_Throws()
    {
        Assert.Throws<ArgumentException>(() => Ed25519.Sign(new byte[31], Rfc8032Vectors.Test1.PublicKeyBytes, [1]));
        Assert.Throws<ArgumentException>(() => Ed25519.DerivePublicKey(new byte[33]));
        Assert.Throws<ArgumentException>(() => Ed25519KeyPair.FromSeed(new byte[31]));
    }

    [Fact]
    public void ExportSeed_FromSeed_ReturnsTheSameSeed()
    {
        var seed = Rfc8032Vectors.Test3.SeedBytes;
        using var key = Ed25519KeyPair.FromSeed(seed);

        var exported = key.ExportSeed();

        Assert.Equal(seed, exported);
    }

    [Fact]
    public void ExportSeed_Generated_RebuildsTheSameKeyPair()
    {
        using var key = Ed25519KeyPair.Generate();
        var seed = key.ExportSeed();
        using var again = Ed25519KeyPair.FromSeed(seed);
        CryptographicOperations.ZeroMemory(seed);

        Assert.Equal(key.PublicKey.ToArray(), again.PublicKey.ToArray());
        Assert.Equal(key.Sign([7, 7]), again.Sign([7, 7]));
    }

    [Fact]
    public void KeyPair_Disposed_RefusesToSign()
    {
        var key = Ed25519KeyPair.Generate();
        key.Dispose();

        Assert.Throws<ObjectDisposedException>(() => key.Sign([1]));
    }

    [Fact]
    public void KeyPair_Disposed_RefusesToExport()
    {
        var key = Ed25519KeyPair.Generate();
        key.Dispose();

        Assert.Throws<ObjectDisposedException>(() => key.ExportSeed());
    }
}
