using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Sigilum.Vault.Store;

namespace Sigilum.Vault.Ca;

/// <summary>
/// The vault's own certificate authority for TLS interception: an ECDSA P-256 root (10 years,
/// path length 0) whose key file is 0600. Loading refuses a missing, unreadable, lax-permission,
/// corrupt or expired CA instead of silently making a new one (reliability PRX-23).
/// </summary>
internal sealed class LocalCa : IDisposable
{
    public const string SubjectName = "CN=Sigilum sigil-vault local CA, O=Sigilum";
    private const UnixFileMode OthersMayAccess = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute |
        UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    private LocalCa(X509Certificate2 certificate)
    {
        Certificate = certificate;
    }

    /// <summary>The root with its private key.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>The root in PEM, what agents trust (<c>ca export</c>, SSL_CERT_FILE).</summary>
    public string CertificatePem => Certificate.ExportCertificatePem();

    /// <summary>Creates a new CA and writes it; refuses to overwrite an existing one.</summary>
    public static LocalCa Create(VaultPaths paths, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(time);
        if (File.Exists(paths.CaCertificate) || File.Exists(paths.CaKey))
        {
            throw new InvalidOperationException($"A CA already exists in {Path.GetDirectoryName(paths.CaKey)}.");
        }
        VaultPaths.EnsureDirectory(Path.GetDirectoryName(paths.CaKey)!);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(SubjectName, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign | X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = time.GetUtcNow();
        using var certificate = request.CreateSelfSigned(now.AddMinutes(-5), now.AddYears(10));
        WritePrivate(paths.CaKey, key.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(paths.CaCertificate, certificate.ExportCertificatePem());
        return Load(paths, time);
    }

    /// <summary>Loads the CA, or throws <see cref="InvalidOperationException"/> naming why it cannot be used.</summary>
    public static LocalCa Load(VaultPaths paths, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(time);
        if (!File.Exists(paths.CaCertificate) || !File.Exists(paths.CaKey))
        {
            throw new InvalidOperationException($"No CA in {Path.GetDirectoryName(paths.CaKey)}; run: sigil-vault init");
        }
        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(paths.CaKey) & OthersMayAccess) != 0)
        {
            throw new InvalidOperationException($"{paths.CaKey} is accessible to other users; run: chmod 600 {paths.CaKey}");
        }
        X509Certificate2 certificate;
        try
        {
            certificate = X509Certificate2.CreateFromPemFile(paths.CaCertificate, paths.CaKey);
        }
        catch (CryptographicException ex)
        {
            throw new InvalidOperationException($"The CA in {Path.GetDirectoryName(paths.CaKey)} cannot be read ({ex.Message}).", ex);
        }
        var now = time.GetUtcNow();
        if (certificate.NotAfter.ToUniversalTime() <= now.UtcDateTime || certificate.NotBefore.ToUniversalTime() > now.UtcDateTime.AddMinutes(5))
        {
            certificate.Dispose();
            throw new InvalidOperationException($"The CA certificate in {paths.CaCertificate} is not valid now (expired or not yet valid).");
        }
        if (certificate.GetECDsaPrivateKey() is not { } ecdsa)
        {
            certificate.Dispose();
            throw new InvalidOperationException("The CA key is not an ECDSA key.");
        }
        ecdsa.Dispose();
        return new LocalCa(certificate);
    }

    /// <summary>
    /// Mints a leaf for exactly one DNS name or IP address (no wildcards, reliability PRX-24),
    /// ECDSA P-256, valid from 5 minutes ago for <paramref name="lifetime"/> (never past the root).
    /// </summary>
    public X509Certificate2 MintLeaf(string host, TimeSpan lifetime, TimeProvider time)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=" + (host.Length <= 64 ? host : host[..64]), key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        if (System.Net.IPAddress.TryParse(host, out var ip))
        {
            san.AddIpAddress(ip);
        }
        else
        {
            san.AddDnsName(host);
        }
        request.CertificateExtensions.Add(san.Build(true));
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Certificate, true, false));
        var now = time.GetUtcNow();
        var notAfter = now + lifetime;
        var caNotAfter = new DateTimeOffset(Certificate.NotAfter.ToUniversalTime());
        if (notAfter > caNotAfter)
        {
            notAfter = caNotAfter;
        }
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        using var signed = request.Create(Certificate, now.AddMinutes(-5), notAfter, serial);
        return signed.CopyWithPrivateKey(key);
    }

    public void Dispose() => Certificate.Dispose();

    private static void WritePrivate(string path, string text)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        using var stream = new FileStream(path, options);
        using var writer = new StreamWriter(stream);
        writer.Write(text);
    }
}
