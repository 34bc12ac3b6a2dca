namespace Sigilum.Vault.Hosting;

/// <summary>What <see cref="VaultInitializer"/> created (false = already there, kept).</summary>
internal sealed record VaultInitResult(bool StoreCreated, bool CaCreated, bool NodeKeyCreated, string Audience);
