using System.Security.Cryptography;

namespace Sigilum.Core.Secrets;

/// <summary>
/// The 32-byte master key that seals secrets at rest (DESIGN §4): <c>SIGILUM_MASTER_KEY</c> (base64) if
/// set, else a key file created on first start with mode 0600 in the host's data directory. The control
/// plane and the gateway both load theirs here and derive purpose-bound keys from it with
/// <see cref="SecretSealer"/>; the caller owns the returned bytes and zeroes them when done.
/// </summary>
public static class MasterKey
{
    /// <summary>The environment variable that, when set, holds the key as base64 and wins over the file.</summary>
    public const string EnvironmentVariable = "SIGILUM_MASTER_KEY";

    /// <summary>The key length in bytes.</summary>
    public const int Size = 32;

    /// <summary>
    /// Loads or creates the master key. Throws <see cref="InvalidOperationException"/> with a clear
    /// message (never the key) on a malformed key.
    /// </summary>
    /// <param name="keyFile">The key file used when the environment variable is unset; created (0600) if missing.</param>
    /// <param name="getEnvironment">Reads an environment variable (injected so tests need not touch the process environment).</param>
    public static byte[] LoadOrCreate(string keyFile, Func<string, string?> getEnvironment)
    {
        ArgumentNullException.ThrowIfNull(getEnvironment);
        var fromEnvironment = getEnvironment(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return Decode(fromEnvironment.Trim(), EnvironmentVariable);
        }
        if (File.Exists(keyFile))
        {
            return Decode(File.ReadAllText(keyFile).Trim(), keyFile);
        }
        var directory = Path.GetDirectoryName(Path.GetFullPath(keyFile))!;
        Directory.CreateDirectory(directory);
        var key = RandomNumberGenerator.GetBytes(Size);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        try
        {
            using var stream = new FileStream(keyFile, options);
            using var writer = new StreamWriter(stream);
            writer.Write(Convert.ToBase64String(key));
            return key;
        }
        catch (IOException) when (File.Exists(keyFile))
        {
            // Another instance created it first; use theirs so both seal with the same key.
            CryptographicOperations.ZeroMemory(key);
            return Decode(File.ReadAllText(keyFile).Trim(), keyFile);
        }
    }

    private static byte[] Decode(string text, string source)
    {
        var buffer = new byte[Size + 3];
        if (!Convert.TryFromBase64String(text, buffer, out var written) || written != Size)
        {
            throw new InvalidOperationException($"The master key in {source} must be base64 of exactly {Size} bytes.");
        }
        return buffer[..Size];
    }
}
