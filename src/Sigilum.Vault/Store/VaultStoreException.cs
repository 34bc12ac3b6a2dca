namespace Sigilum.Vault.Store;

/// <summary>The store is missing, from another build (unknown migration) or otherwise unusable (reliability STO-11).</summary>
internal sealed class VaultStoreException(string message) : Exception(message);
