using Sigilum.Core.Generations;
using Sigilum.Core.Nonces;
using Sigilum.Core.Replay;
using Sigilum.Storage.Postgres.Replay;
using Sigilum.Storage.Sqlite.Replay;
using Sigilum.Vault.Gate;
using Sigilum.Vault.Store;

namespace Sigilum.Vault.Hosting;

/// <summary>
/// The vault's durable jti state and the store generation its audit chain witnesses (STO-15). SQLite (one instance):
/// <c>replay.db</c> beside the vault, jtis in memory behind a start epoch (ADR 0026). PostgreSQL (several instances):
/// the shared tables, every jti through insert-if-absent (ADR 0068, RPL-09), so one attestation is released once
/// across all instances.
/// </summary>
internal sealed class VaultReplay : IAsyncDisposable
{
    private readonly IAsyncDisposable _owner;

    private VaultReplay(IAsyncDisposable owner, INonceStore nonces, IStoreGenerationStore generation, bool shared)
    {
        _owner = owner;
        Nonces = nonces;
        Generation = generation;
        IsShared = shared;
    }

    public INonceStore Nonces { get; }

    public IStoreGenerationStore Generation { get; }

    public bool IsShared { get; }

    public static async Task<VaultReplay> OpenAsync(VaultPaths paths, VaultStoreLocation location, TimeProvider time, CancellationToken cancellationToken)
    {
        if (location.IsPostgres)
        {
            var shared = await PostgresReplayStore.OpenAsync(new PostgresReplayStoreOptions { ConnectionString = location.ConnectionString!, TimeProvider = time }, cancellationToken);
            return new VaultReplay(shared, new SharedStoreNonces(shared.Nonces), shared.Generation, shared: true);
        }
        var local = await SqliteReplayStore.OpenAsync(new SqliteReplayStoreOptions { Path = paths.ReplayDatabase, TimeProvider = time }, cancellationToken);
        return new VaultReplay(local, local.Nonces, local.Generation, shared: false);
    }

    /// <summary>
    /// The gate's replay guard. Single instance: the epoch (fsynced before the proxy listens) makes every attestation
    /// issued before this start a replay, and the replay database keeps only the start window and iat-in-the-future ids.
    /// Shared: the database's insert-if-absent for every jti.
    /// </summary>
    public Task<IReplayGuard> StartGuardAsync(VaultPaths paths, long capacity, TimeProvider time, CancellationToken cancellationToken) =>
        ReplayGuards.StartAsync(IsShared ? ReplayGuards.Shared : ReplayGuards.Memory, Nonces, paths.ReplayEpoch, capacity, AttestationGate.IssuedAtSkew, time, cancellationToken);

    public ValueTask DisposeAsync() => _owner.DisposeAsync();
}
