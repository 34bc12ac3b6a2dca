using System.Security.Cryptography;
using Sigilum.Protocol.Keys;

namespace Sigilum.Vault.Audit;

/// <summary>The vault node's Ed25519 key (signs audit checkpoints): a 0600 file holding the base64 seed.</summary>
internal static class NodeKey
{
    public static Ed25519KeyPair Create(string path)
    {
        using var key = Ed25519KeyPair.Generate();
        var seed = key.ExportSeed();
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }
            using (var stream = new FileStream(path, options))
            using (var writer = new StreamWriter(stream))
            {
                writer.Write(Convert.ToBase64String(seed));
            }
            return Ed25519KeyPair.FromSeed(seed);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(seed);
        }
    }

    public static Ed25519KeyPair Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"No node key at {path}; run: sigil-vault init");
        }
        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & (UnixFileMode.GroupRead | UnixFileMode.OtherRead | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite)) != 0)
        {
            throw new InvalidOperationException($"{path} is accessible to other users; run: chmod 600 {path}");
        }
        byte[] seed;
        try
        {
            seed = Convert.FromBase64String(File.ReadAllText(path).Trim());
        }
        catch (FormatException ex)
        {
            throw new InvalidOperationException($"{path} is not a base64 Ed25519 seed.", ex);
        }
        try
        {
            return Ed25519KeyPair.FromSeed(seed);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(seed);
        }
    }
}
