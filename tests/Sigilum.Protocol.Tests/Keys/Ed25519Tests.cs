namespace Sigilum.Protocol.Keys;

public sealed class Ed25519Tests
{
    [Theory]
    [InlineData("managed")]
    [InlineData("MANAGED")]
    [InlineData(" managed ")]
    public void SelectEngine_Managed_ReturnsBouncyCastle(string preference)
    {
        Assert.Equal("bouncycastle", Ed25519.SelectEngine(preference).Name);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("libsodium")]
    [InlineData("anything-else")]
    public void SelectEngine_NoPreference_ReturnsLibsodiumWhenInstalled(string? preference)
    {
        Assert.Equal("libsodium", Ed25519.SelectEngine(preference).Name);
    }

    [Fact]
    public void Implementation_ReportsTheEngineTheEnvironmentSelects()
    {
        var forcedManaged = string.Equals(
            Environment.GetEnvironmentVariable(Ed25519.EngineVariable)?.Trim(), "managed", StringComparison.OrdinalIgnoreCase);

        Assert.Equal(forcedManaged ? "bouncycastle" : "libsodium", Ed25519.Implementation);
    }

    [Fact]
    public void SignAndVerify_Facade_RoundTrips()
    {
        using var key = Ed25519KeyPair.FromSeed(Rfc8032Vectors.Test2.SeedBytes);

        var signature = key.Sign(Rfc8032Vectors.Test2.MessageBytes);

        Assert.Equal(Rfc8032Vectors.Test2.Signature, Convert.ToHexStringLower(signature));
        Assert.True(Ed25519.Verify(key.PublicKey, Rfc8032Vectors.Test2.MessageBytes, signature));
    }

    [Fact]
    public void Verify_FacadeWrongLengths_ReturnsFalse()
    {
        Assert.False(Ed25519.Verify(new byte[31], [], new byte[64]));
        Assert.False(Ed25519.Verify(new byte[32], [], new byte[65]));
    }

    [Fact]
    public void KeyPair_Disposed_RefusesToSign()
    {
        var key = Ed25519KeyPair.Generate();
        key.Dispose();

        Assert.Throws<ObjectDisposedException>(() => key.Sign([1]));
    }
}
