using System.Security.Cryptography;
using System.Text;
using Sigilum.Protocol.Identity;
using Sigilum.Protocol.Keys;

namespace Sigilum.Sdk.Identity;

/// <summary>
/// Per-agent raw Ed25519 key pairs in the layout Sigilum's OpenClaw integration uses (protocol spec §6.1):
/// <c>&lt;root&gt;/&lt;agent&gt;/&lt;fp&gt;.key</c> (Base64 of the 32-byte seed and a newline, 0600) beside
/// <c>&lt;fp&gt;.pub</c> (Base64 of the raw public key, 0644), where fp is the first 16 hex digits of
/// SHA-256(public key) and the agent's folder is 0700. These are key pairs, not identity records: the
/// namespace comes from whoever signs with them. Installers create them; the agent helper signs with them.
/// </summary>
public static class AgentKeyDirectory
{
    /// <summary>A key file holds 44 Base64 characters and a newline; anything much larger is not a key.</summary>
    private const int MaxKeyFileBytes = 256;

    /// <summary>
    /// The folder name for an agent id: characters outside <c>[A-Za-z0-9._-]</c> become <c>_</c>, as Sigilum's
    /// bootstrap does, so ids from configuration can never name a path outside the root.
    /// </summary>
    public static string SanitizeAgentId(string agentId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(agentId);
        var builder = new StringBuilder(agentId.Length);
        foreach (var c in agentId.Trim())
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' ? c : '_');
        }
        var name = builder.ToString();
        // "." and ".." would name the root or its parent.
        return name.Trim('.').Length == 0 ? name.Replace('.', '_') : name;
    }

    /// <summary>The agent's key folder under <paramref name="root"/>.</summary>
    public static string AgentFolder(string root, string agentId) => Path.Combine(root, SanitizeAgentId(agentId));

    /// <summary>Agent folder names under the root that hold a usable key pair, sorted.</summary>
    public static IReadOnlyList<string> ListAgents(string root)
    {
        if (!Directory.Exists(root))
        {
            return [];
        }
        return Directory.EnumerateDirectories(root)
            .Select(Path.GetFileName)
            .OfType<string>()
            .Where(name => FindKeyFile(Path.Combine(root, name)) is not null)
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>
    /// Makes sure the agent has a key pair: reuses the first <c>*.key</c> with a matching <c>.pub</c>, else
    /// creates one. Returns the public key's details and whether it was created now.
    /// </summary>
    public static AgentKeyInfo Ensure(string root, string agentId)
    {
        var folder = AgentFolder(root, agentId);
        PrivateFiles.EnsurePrivateDirectory(root);
        PrivateFiles.EnsurePrivateDirectory(folder);
        if (TryReadPublic(folder) is { } existing)
        {
            return existing;
        }
        using var pair = Ed25519KeyPair.Generate();
        var fingerprint = AgentKeys.Fingerprint(pair.PublicKey);
        var seed = pair.ExportSeed();
        var seedText = Encoding.ASCII.GetBytes(Convert.ToBase64String(seed) + "\n");
        try
        {
            // The private half first: a .pub without its .key is never picked up, a .key without .pub neither.
            PrivateFiles.WriteAtomically(Path.Combine(folder, fingerprint + ".key"), seedText, overwrite: false);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(seed);
            CryptographicOperations.ZeroMemory(seedText);
        }
        var publicPath = Path.Combine(folder, fingerprint + ".pub");
        PrivateFiles.WriteAtomically(publicPath, Encoding.ASCII.GetBytes(Convert.ToBase64String(pair.PublicKey) + "\n"), overwrite: false);
        if (!OperatingSystem.IsWindows())
        {
            // The public half is not secret; 0644 as Sigilum writes it.
            File.SetUnixFileMode(publicPath, PrivateFiles.FileMode | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }
        return new AgentKeyInfo(SanitizeAgentId(agentId), fingerprint, pair.PublicKey.ToArray(), folder, Created: true);
    }

    /// <summary>The agent's public key details, or null when it has no usable key pair.</summary>
    public static AgentKeyInfo? Find(string root, string agentId) => TryReadPublic(AgentFolder(root, agentId));

    /// <summary>Loads the agent's key pair for signing, or null when it has none. The caller disposes it.</summary>
    public static Ed25519KeyPair? Load(string root, string agentId)
    {
        var folder = AgentFolder(root, agentId);
        if (FindKeyFile(folder) is not { } keyPath)
        {
            return null;
        }
        var text = PrivateFiles.ReadBounded(keyPath, MaxKeyFileBytes);
        var seed = new byte[Ed25519.SeedSize];
        try
        {
            var trimmed = TrimWhitespace(text);
            if (!Convert.TryFromBase64Chars(Encoding.ASCII.GetString(trimmed), seed, out var written) || written != Ed25519.SeedSize)
            {
                throw new InvalidDataException($"The key file {keyPath} does not hold a Base64 Ed25519 seed.");
            }
            var pair = Ed25519KeyPair.FromSeed(seed);
            if (AgentKeys.Fingerprint(pair.PublicKey) != Path.GetFileNameWithoutExtension(keyPath))
            {
                pair.Dispose();
                throw new InvalidDataException($"The key file {keyPath} does not match its file name.");
            }
            return pair;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(seed);
            CryptographicOperations.ZeroMemory(text);
        }
    }

    private static AgentKeyInfo? TryReadPublic(string folder)
    {
        if (FindKeyFile(folder) is not { } keyPath)
        {
            return null;
        }
        var publicPath = Path.ChangeExtension(keyPath, ".pub");
        var publicKey = Convert.FromBase64String(File.ReadAllText(publicPath).Trim());
        return new AgentKeyInfo(Path.GetFileName(folder), Path.GetFileNameWithoutExtension(keyPath), publicKey, folder, Created: false);
    }

    // The first *.key (in name order, so the choice is stable) whose .pub sits beside it.
    private static string? FindKeyFile(string folder) =>
        Directory.Exists(folder)
            ? Directory.EnumerateFiles(folder, "*.key")
                .Order(StringComparer.Ordinal)
                .FirstOrDefault(path => File.Exists(Path.ChangeExtension(path, ".pub")))
            : null;

    private static ReadOnlySpan<byte> TrimWhitespace(byte[] text)
    {
        var span = text.AsSpan();
        while (span.Length > 0 && span[^1] is (byte)'\n' or (byte)'\r' or (byte)' ')
        {
            span = span[..^1];
        }
        return span;
    }
}
