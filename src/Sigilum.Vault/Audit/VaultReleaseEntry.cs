using Sigilum.Protocol.Attestations;
using Sigilum.Vault.Store;

namespace Sigilum.Vault.Audit;

/// <summary>
/// What a <c>vault.release</c> record says: who, through which route and backend, on which attestation, to where.
/// The path is already truncated (<see cref="VaultAuditRecords.Truncate"/>).
/// </summary>
internal readonly record struct VaultReleaseEntry(
    string AgentId, RouteConfig Route, BackendConfig Backend, AttestationClaims Claims, string Method, string Host, int Port, string Path);
