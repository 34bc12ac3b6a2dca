namespace Sigilum.Core.Connections;

/// <summary>
/// The gateway's connections, their sealed secret versions, credential variables and service API keys.
/// Kept in the shared store so several gateway instances on one PostgreSQL database serve the same
/// connections (docs/decisions/0006). Values arrive sealed; the store never sees plaintext.
/// </summary>
public interface IConnectionStore
{
    /// <summary>Creates the connection with its first secret version; false when the id is taken.</summary>
    Task<bool> CreateAsync(ConnectionRecord connection, ConnectionSecretRecord secret, CancellationToken cancellationToken = default);

    Task<ConnectionRecord?> GetAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>
    /// A stamp that reads differently whenever anything may have been committed to the store since the last read, by
    /// this process or any other sharing it; null when the store has no such signal. A caller that read a connection
    /// row after reading stamp S may use that row again for as long as the stamp still reads S, and must read the row
    /// again otherwise (issue #13, ADR 0033). Cheap and synchronous: meant for the proxy's request path.
    /// </summary>
    long? ReadChangeStamp();

    /// <summary>All connections, ordered by id.</summary>
    Task<IReadOnlyList<ConnectionRecord>> ListAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Replaces the metadata of a connection (not its secret version or rotation stamps) if its stored
    /// <c>secret_version</c> still equals <paramref name="connection"/>'s, so an edit based on a read taken
    /// before a rotation cannot undo that rotation's key list.
    /// </summary>
    Task<ConnectionWriteOutcome> UpdateAsync(ConnectionRecord connection, CancellationToken cancellationToken = default);

    /// <summary>
    /// Appends <paramref name="secret"/> and writes <paramref name="connection"/> (whose
    /// <see cref="ConnectionRecord.SecretVersion"/> equals the new version) in one transaction, only if the
    /// stored version is the one just before; otherwise nothing changes.
    /// </summary>
    Task<ConnectionWriteOutcome> RotateAsync(ConnectionRecord connection, ConnectionSecretRecord secret, CancellationToken cancellationToken = default);

    /// <summary>Records the outcome of an admin connection test without touching any other field.</summary>
    Task<bool> RecordTestAsync(string id, DateTimeOffset testedAt, string status, int? httpStatus, string? error, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores the last MCP discovery of a connection (null clears it) without touching any other field, so a discovery
    /// finishing after an admin edit or a rotation never undoes it (ADR 0041). False when the connection does not exist.
    /// </summary>
    Task<bool> RecordDiscoveryAsync(string id, McpDiscovery? discovery, CancellationToken cancellationToken = default);

    /// <summary>Deletes the connection and every secret version.</summary>
    Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default);

    Task<ConnectionSecretRecord?> GetSecretAsync(string connectionId, int version, CancellationToken cancellationToken = default);

    /// <summary>The stored secret versions of a connection, ascending.</summary>
    Task<IReadOnlyList<int>> ListSecretVersionsAsync(string connectionId, CancellationToken cancellationToken = default);

    /// <summary>Inserts or replaces a variable; a replacement keeps the original <c>created_at</c>. Returns the stored row.</summary>
    Task<CredentialVariableRecord> UpsertVariableAsync(CredentialVariableRecord variable, CancellationToken cancellationToken = default);

    Task<CredentialVariableRecord?> GetVariableAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>All variables, ordered by key.</summary>
    Task<IReadOnlyList<CredentialVariableRecord>> ListVariablesAsync(CancellationToken cancellationToken = default);

    Task<bool> DeleteVariableAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Inserts or replaces the service API key of a connection id (the connection need not exist yet).</summary>
    Task SetServiceKeyAsync(ServiceKeyRecord key, CancellationToken cancellationToken = default);

    Task<ServiceKeyRecord?> GetServiceKeyAsync(string connectionId, CancellationToken cancellationToken = default);

    /// <summary>Every stored service API key, ordered by connection id.</summary>
    Task<IReadOnlyList<ServiceKeyRecord>> ListServiceKeysAsync(CancellationToken cancellationToken = default);
}
