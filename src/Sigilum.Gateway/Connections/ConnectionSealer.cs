using System.Security.Cryptography;
using Sigilum.Core.Secrets;

namespace Sigilum.Gateway.Connections;

/// <summary>
/// Seals the gateway's connection secrets at rest (DESIGN §4): AES-256-GCM under a key derived with
/// HKDF for the purpose <c>gateway-connections</c>, with associated data binding each value to where it
/// belongs — <c>&lt;connection id&gt;:&lt;version&gt;</c>, <c>credvar:&lt;key&gt;</c>, <c>svckey:&lt;connection id&gt;</c> —
/// so a sealed value copied to another row or version does not open.
/// </summary>
internal sealed class ConnectionSealer : IDisposable
{
    public const string Purpose = "gateway-connections";

    private readonly SecretSealer _sealer;

    /// <summary>Derives the sealing key; the caller keeps ownership of (and zeroes) <paramref name="masterKey"/>.</summary>
    public ConnectionSealer(ReadOnlySpan<byte> masterKey) => _sealer = new SecretSealer(masterKey, Purpose);

    public static string SecretsBinding(string connectionId, int version) =>
        connectionId + ":" + version.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static string VariableBinding(string key) => "credvar:" + key;

    public static string ServiceKeyBinding(string connectionId) => "svckey:" + connectionId;

    public byte[] SealSecrets(string connectionId, int version, SecretMap secrets)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        var json = secrets.ToJson();
        try
        {
            return _sealer.Seal(json, SecretsBinding(connectionId, version));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(json);
        }
    }

    /// <summary>The secret map, or null when the value does not open (wrong key, tampered, other binding) or is not a map.</summary>
    public SecretMap? OpenSecrets(string connectionId, int version, byte[] sealedBytes)
    {
        var json = _sealer.Open(sealedBytes, SecretsBinding(connectionId, version));
        if (json is null)
        {
            return null;
        }
        try
        {
            return SecretMap.FromJson(json);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(json);
        }
    }

    public byte[] Seal(ReadOnlySpan<byte> value, string binding) => _sealer.Seal(value, binding);

    /// <summary>Opens a single sealed value; null when it does not open. The caller zeroes the result.</summary>
    public byte[]? Open(byte[] sealedBytes, string binding) => _sealer.Open(sealedBytes, binding);

    public void Dispose() => _sealer.Dispose();
}
