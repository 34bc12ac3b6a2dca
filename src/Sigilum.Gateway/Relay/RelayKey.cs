using System.Security.Cryptography;
using Sigilum.Protocol;
using Sigilum.Protocol.Sealing;

namespace Sigilum.Gateway.Relay;

/// <summary>
/// The gateway's P-256 key that dashboard users seal provider secrets to (ADR 0018). Kept as PKCS#8 PEM in a
/// 0600 file in the data directory, created on first start; the public half is published on the relay stream.
/// </summary>
internal sealed class RelayKey : IDisposable
{
    private readonly ECDiffieHellman _key;

    private RelayKey(ECDiffieHellman key)
    {
        _key = key;
        PublicKey = SealedSecret.PublicKey(key);
        KeyId = SealedSecret.ParsePublicKey(PublicKey).Value!;
    }

    /// <summary>base64url SubjectPublicKeyInfo DER.</summary>
    public string PublicKey { get; }

    /// <summary>base64url(SHA-256(SPKI DER)).</summary>
    public string KeyId { get; }

    public static RelayKey LoadOrCreate(string file)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(file);
        if (!File.Exists(file))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
            using var fresh = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }
            try
            {
                using var stream = new FileStream(file, options);
                using var writer = new StreamWriter(stream);
                writer.Write(fresh.ExportPkcs8PrivateKeyPem());
            }
            catch (IOException) when (File.Exists(file))
            {
                // Another instance created it first: use theirs.
            }
        }
        var key = ECDiffieHellman.Create();
        try
        {
            key.ImportFromPem(File.ReadAllText(file));
            if (key.KeySize != 256)
            {
                throw new InvalidOperationException($"The relay key {file} is not a P-256 key.");
            }
            return new RelayKey(key);
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException)
        {
            key.Dispose();
            throw new InvalidOperationException($"The relay key {file} cannot be read.", ex);
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    /// <summary>Opens an envelope sealed to this key; the plaintext is the caller's to zero.</summary>
    public Result<byte[]> Open(SealedSecretEnvelope envelope) => SealedSecret.Open(_key, envelope);

    public void Dispose() => _key.Dispose();
}
