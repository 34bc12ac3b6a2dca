namespace Sigilum.Protocol.Keys;

public sealed class Ed25519EngineTests
{
    public static TheoryData<string, string> EngineAndVector => EngineFixtures.EngineAndVector();

    public static TheoryData<string> Engines => EngineFixtures.Engines();

    [Fact]
    public void TryCreate_InstalledLibsodium_Loads()
    {
        Assert.True(LibsodiumEd25519Engine.TryCreate(out var engine));
        Assert.Equal("libsodium", engine.Name);
    }

    [Theory]
    [MemberData(nameof(EngineAndVector))]
    public void DerivePublicKey_Rfc8032Vector_MatchesExpected(string engineName, string vectorName)
    {
        var engine = EngineFixtures.ByName(engineName);
        var vector = Rfc8032Vectors.ByName(vectorName);
        var publicKey = new byte[Ed25519.PublicKeySize];

        engine.DerivePublicKey(vector.SeedBytes, publicKey);

        Assert.Equal(vector.PublicKey, Convert.ToHexStringLower(publicKey));
    }

    [Theory]
    [MemberData(nameof(EngineAndVector))]
    public void Sign_Rfc8032Vector_MatchesExpectedSignature(string engineName, string vectorName)
    {
        var engine = EngineFixtures.ByName(engineName);
        var vector = Rfc8032Vectors.ByName(vectorName);
        var signature = new byte[Ed25519.SignatureSize];

        engine.Sign(vector.SeedBytes, vector.PublicKeyBytes, vector.MessageBytes, signature);

        Assert.Equal(vector.Signature, Convert.ToHexStringLower(signature));
    }

    [Theory]
    [MemberData(nameof(EngineAndVector))]
    public void Verify_Rfc8032Vector_Accepts(string engineName, string vectorName)
    {
        var engine = EngineFixtures.ByName(engineName);
        var vector = Rfc8032Vectors.ByName(vectorName);

        Assert.True(engine.Verify(vector.PublicKeyBytes, vector.MessageBytes, vector.SignatureBytes));
    }

    [Theory]
    [InlineData("libsodium", "bouncycastle")]
    [InlineData("bouncycastle", "libsodium")]
    public void Verify_SignatureFromOtherEngine_Accepts(string signerName, string verifierName)
    {
        var signer = EngineFixtures.ByName(signerName);
        var verifier = EngineFixtures.ByName(verifierName);
        for (var length = 0; length < 300; length += 37)
        {
            var seed = System.Security.Cryptography.RandomNumberGenerator.GetBytes(Ed25519.SeedSize);
            var message = System.Security.Cryptography.RandomNumberGenerator.GetBytes(length);
            var publicKey = new byte[Ed25519.PublicKeySize];
            var signature = new byte[Ed25519.SignatureSize];
            signer.DerivePublicKey(seed, publicKey);
            signer.Sign(seed, publicKey, message, signature);

            Assert.True(verifier.Verify(publicKey, message, signature));
        }
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public void Verify_TamperedMessage_Rejects(string engineName)
    {
        var engine = EngineFixtures.ByName(engineName);
        var vector = Rfc8032Vectors.Test3;
        var message = vector.MessageBytes;
        message[0] ^= 0x01;

        Assert.False(engine.Verify(vector.PublicKeyBytes, message, vector.SignatureBytes));
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public void Verify_TamperedSignature_RejectsEveryByte(string engineName)
    {
        var engine = EngineFixtures.ByName(engineName);
        var vector = Rfc8032Vectors.Test2;
        for (var i = 0; i < Ed25519.SignatureSize; i++)
        {
            var signature = vector.SignatureBytes;
            signature[i] ^= 0x80;

            Assert.False(engine.Verify(vector.PublicKeyBytes, vector.MessageBytes, signature), $"byte {i}");
        }
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public void Verify_OtherPublicKey_Rejects(string engineName)
    {
        var engine = EngineFixtures.ByName(engineName);
        var vector = Rfc8032Vectors.Test2;

        Assert.False(engine.Verify(Rfc8032Vectors.Test3.PublicKeyBytes, vector.MessageBytes, vector.SignatureBytes));
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public void Verify_TamperedPublicKey_Rejects(string engineName)
    {
        var engine = EngineFixtures.ByName(engineName);
        var vector = Rfc8032Vectors.Test1;
        var publicKey = vector.PublicKeyBytes;
        publicKey[5] ^= 0x04;

        Assert.False(engine.Verify(publicKey, vector.MessageBytes, vector.SignatureBytes));
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public void Verify_WrongLengths_ReturnsFalseWithoutThrowing(string engineName)
    {
        var engine = EngineFixtures.ByName(engineName);
        var vector = Rfc8032Vectors.Test2;
        var pk = vector.PublicKeyBytes;
        var sig = vector.SignatureBytes;

        Assert.False(engine.Verify(pk.AsSpan(0, 31), vector.MessageBytes, sig));
        Assert.False(engine.Verify([.. pk, 0], vector.MessageBytes, sig));
        Assert.False(engine.Verify([], vector.MessageBytes, sig));
        Assert.False(engine.Verify(pk, vector.MessageBytes, sig.AsSpan(0, 63)));
        Assert.False(engine.Verify(pk, vector.MessageBytes, [.. sig, 0]));
        Assert.False(engine.Verify(pk, vector.MessageBytes, []));
    }

    [Theory]
    [MemberData(nameof(Engines))]
    public void Sign_PublicKeyNotFromSeed_Throws(string engineName)
    {
        var engine = EngineFixtures.ByName(engineName);
        var signature = new byte[Ed25519.SignatureSize];

        Assert.Throws<ArgumentException>(() =>
            engine.Sign(Rfc8032Vectors.Test1.SeedBytes, Rfc8032Vectors.Test2.PublicKeyBytes, [1, 2, 3], signature));
    }
}
