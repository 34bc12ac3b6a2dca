namespace Sigilum.Vault.Store;

/// <summary>Where the vault keeps its files: <c>$SIGILUM_HOME/vault/</c> (DESIGN §4 "Ports and paths").</summary>
internal sealed record VaultPaths(string Directory)
{
    public string Database => Path.Combine(Directory, "vault.db");

    /// <summary>The jti replay store (Sigilum.Storage.Sqlite's durable nonce table), kept in its own file.</summary>
    public string ReplayDatabase => Path.Combine(Directory, "replay.db");

    /// <summary>The replay start epoch (docs/decisions/0026), written and fsynced at every start.</summary>
    public string ReplayEpoch => Path.Combine(Directory, "replay.epoch");

    public string CaCertificate => Path.Combine(Directory, "ca", "ca.crt");

    public string CaKey => Path.Combine(Directory, "ca", "ca.key");

    /// <summary>The node's Ed25519 seed: signs audit checkpoints.</summary>
    public string NodeKey => Path.Combine(Directory, "node.key");

    public string AuditDirectory => Path.Combine(Directory, "audit");

    /// <summary><paramref name="home"/>, else <c>SIGILUM_HOME</c>, else <c>~/.sigilum</c>; then <c>vault/</c>.</summary>
    public static VaultPaths Resolve(string? home, Func<string, string?> getVariable)
    {
        ArgumentNullException.ThrowIfNull(getVariable);
        var root = home ?? getVariable("SIGILUM_HOME");
        if (string.IsNullOrWhiteSpace(root))
        {
            root = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".sigilum");
        }
        if (root.StartsWith('~'))
        {
            root = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), root.TrimStart('~').TrimStart('/'));
        }
        return new VaultPaths(Path.Combine(Path.GetFullPath(root), "vault"));
    }

    /// <summary>Creates the directory (0700 on Unix).</summary>
    public static void EnsureDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            System.IO.Directory.CreateDirectory(path);
        }
        else
        {
            System.IO.Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }
}
