namespace Sigilum.Protocol.Keys;

/// <summary>One Ed25519 implementation (RFC 8032 pure Ed25519, no context, no prehash).</summary>
internal interface IEd25519Engine
{
    string Name { get; }

    void DerivePublicKey(ReadOnlySpan<byte> seed, Span<byte> publicKey);

    void Sign(ReadOnlySpan<byte> seed, ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message, Span<byte> signature);

    bool Verify(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature);
}
