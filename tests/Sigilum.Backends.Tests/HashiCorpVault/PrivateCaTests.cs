using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Sigilum.Testing;
using Sigilum.Testing.Fakes;

namespace Sigilum.Backends.HashiCorpVault;

/// <summary>A Vault behind a private CA: trusted only through <c>ca_file</c>, never by switching validation off (BKD-09).</summary>
public sealed class PrivateCaTests : IDisposable
{
    private readonly BackendTestKit _kit = new();
    private readonly TempDirectory _dir = new();
    private readonly X509Certificate2 _ca;
    private readonly X509Certificate2 _leaf;
    private readonly ECDsa _caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public PrivateCaTests()
    {
        (_ca, _leaf) = Mint(_caKey, "Sigilum Test CA", "127.0.0.1");
    }

    public void Dispose()
    {
        _ca.Dispose();
        _leaf.Dispose();
        _caKey.Dispose();
        _dir.Dispose();
    }

    private string WritePem(X509Certificate2 certificate, string name)
    {
        var path = Path.Combine(_dir.Path, name);
        File.WriteAllText(path, certificate.ExportCertificatePem());
        return path;
    }

    private async Task<(FakeHashiCorpVault Vault, string Token)> StartAsync()
    {
        var vault = await FakeHashiCorpVault.StartAsync(_kit.Time, _leaf);
        vault.PutKv2("secret", "x", new() { ["k"] = "v" });
        return (vault, vault.IssueToken(TimeSpan.FromHours(1)));
    }

    [Fact]
    public async Task FetchAsync_CaFileTrustsPrivateCa_Succeeds()
    {
        var (vault, token) = await StartAsync();
        await using var _ = vault;
        _kit.Environment["T"] = token;
        await using var backend = _kit.Create("hashicorp-vault", ("vault_addr", vault.BaseUri.ToString()), ("token_env", "T"), ("ca_file", WritePem(_ca, "ca.pem")));

        Assert.Equal("https", vault.BaseUri.Scheme);
        Assert.Equal("v", BackendTestKit.Text(await backend.FetchAsync("secret/data/x#k", CancellationToken.None)));
    }

    [Fact]
    public async Task BKD_09_NoCaFile_UnavailableNotTrusted()
    {
        var (vault, token) = await StartAsync();
        await using var _ = vault;
        _kit.Environment["T"] = token;
        await using var backend = _kit.Create("hashicorp-vault", ("vault_addr", vault.BaseUri.ToString()), ("token_env", "T"));

        BackendTestKit.Failure(await backend.FetchAsync("secret/data/x#k", CancellationToken.None), BackendErrorKind.Unavailable);
    }

    [Fact]
    public async Task FetchAsync_CaFileOfAnotherCa_Unavailable()
    {
        using var otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var (otherCa, otherLeaf) = Mint(otherKey, "Other CA", "127.0.0.1");
        using var __ = otherCa;
        using var ___ = otherLeaf;
        var (vault, token) = await StartAsync();
        await using var _ = vault;
        _kit.Environment["T"] = token;
        await using var backend = _kit.Create("hashicorp-vault", ("vault_addr", vault.BaseUri.ToString()), ("token_env", "T"), ("ca_file", WritePem(otherCa, "other.pem")));

        BackendTestKit.Failure(await backend.FetchAsync("secret/data/x#k", CancellationToken.None), BackendErrorKind.Unavailable);
    }

    [Fact]
    public async Task BKD_09_RightCaWrongName_Unavailable()
    {
        var (ca, leaf) = Mint(_caKey, "Sigilum Test CA", "10.9.9.9");
        using var _ca2 = ca;
        using var _leaf2 = leaf;
        var vault = await FakeHashiCorpVault.StartAsync(_kit.Time, leaf);
        await using var _ = vault;
        _kit.Environment["T"] = vault.IssueToken(TimeSpan.FromHours(1));
        await using var backend = _kit.Create("hashicorp-vault", ("vault_addr", vault.BaseUri.ToString()), ("token_env", "T"), ("ca_file", WritePem(ca, "ca2.pem")));

        BackendTestKit.Failure(await backend.FetchAsync("secret/data/x#k", CancellationToken.None), BackendErrorKind.Unavailable);
    }

    [Fact]
    public void Create_UnreadableCaFile_NamesTheOption()
    {
        var errors = BackendTestKit.Errors("hashicorp-vault", ("vault_addr", "https://v"), ("token_env", "T"), ("ca_file", Path.Combine(_dir.Path, "missing.pem")));

        Assert.Contains("'ca_file'", Assert.Single(errors), StringComparison.Ordinal);
    }

    /// <summary>A CA and a server certificate it issued for <paramref name="ip"/>.</summary>
    private static (X509Certificate2 Ca, X509Certificate2 Leaf) Mint(ECDsa caKey, string caName, string ip)
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);
        var caRequest = new CertificateRequest($"CN={caName}", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign | X509KeyUsageFlags.DigitalSignature, true));
        var ca = caRequest.CreateSelfSigned(now, now.AddYears(20));

        using var leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var leafRequest = new CertificateRequest("CN=vault.test", leafKey, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Parse(ip));
        leafRequest.CertificateExtensions.Add(san.Build());
        leafRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var issued = leafRequest.Create(ca, now, now.AddYears(10), RandomNumberGenerator.GetBytes(8));
        using var withKey = issued.CopyWithPrivateKey(leafKey);
        // Through PKCS#12 so Kestrel gets a key it can use on every platform.
        var leaf = X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
        return (ca, leaf);
    }
}
