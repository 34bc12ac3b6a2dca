using Sigilum.Protocol.Identity;
using Sigilum.Protocol.Keys;

namespace Sigilum.Protocol.Signatures;

/// <summary>
/// What a signer needs: the key pair, its certificate and the header values derived from them
/// (computed once, since the certificate header is the same on every request).
/// </summary>
public sealed class SigningIdentity : IDisposable
{
    private readonly Ed25519KeyPair _keyPair;

    private SigningIdentity(Ed25519KeyPair keyPair, AgentCertificate certificate)
    {
        _keyPair = keyPair;
        Certificate = certificate;
        AgentKeyHeader = AgentKeys.Format(keyPair.PublicKey);
        CertificateHeader = certificate.ToHeaderValue();
    }

    /// <summary>The namespace.</summary>
    public string Namespace => Certificate.Namespace;

    /// <summary>The key id used as the <c>keyid</c> parameter.</summary>
    public string KeyId => Certificate.KeyId;

    /// <summary>The certificate.</summary>
    public AgentCertificate Certificate { get; }

    /// <summary>The <c>sigilum-agent-key</c> header value.</summary>
    public string AgentKeyHeader { get; }

    /// <summary>The <c>sigilum-agent-cert</c> header value.</summary>
    public string CertificateHeader { get; }

    /// <summary>Opens an identity record (the record's certificate is used as is).</summary>
    public static SigningIdentity FromRecord(IdentityRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new SigningIdentity(record.OpenKeyPair(), record.Certificate);
    }

    /// <summary>Wraps a key pair and its certificate; takes ownership of the key pair.</summary>
    public static SigningIdentity Create(Ed25519KeyPair keyPair, AgentCertificate certificate)
    {
        ArgumentNullException.ThrowIfNull(keyPair);
        ArgumentNullException.ThrowIfNull(certificate);
        if (certificate.PublicKey != AgentKeys.Format(keyPair.PublicKey))
        {
            throw new ArgumentException("The certificate is for a different key.", nameof(certificate));
        }
        return new SigningIdentity(keyPair, certificate);
    }

    internal byte[] Sign(ReadOnlySpan<byte> message) => _keyPair.Sign(message);

    /// <summary>Zeroes the private key.</summary>
    public void Dispose() => _keyPair.Dispose();
}
