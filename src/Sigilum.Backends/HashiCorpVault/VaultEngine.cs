namespace Sigilum.Backends.HashiCorpVault;

/// <summary>Which secrets engine answers a path, decided by its shape.</summary>
internal enum VaultEngine
{
    KvV1,
    KvV2,
    Dynamic,
}
