using Sigilum.CommandLine.Audit;
using Sigilum.Core.Audit;
using Sigilum.Protocol.Audit;
using Sigilum.Protocol.Errors;
using Sigilum.Vault.Audit;
using Sigilum.Vault.Hosting;
using Sigilum.Vault.Store;

namespace Sigilum.Vault.Cli.Audit;

/// <summary>Reads the vault's audit files read-only (a running proxy may be appending).</summary>
internal static class AuditFiles
{
    public static string LogPath(VaultPaths paths) => Path.Combine(paths.AuditDirectory, AuditLogOptions.LogFileName);

    public static string CheckpointPath(VaultPaths paths) => Path.Combine(paths.AuditDirectory, AuditLogOptions.CheckpointFileName);

    /// <summary>The whole file (empty when it does not exist yet); a running proxy may be appending.</summary>
    public static byte[] ReadShared(string path) => AuditFileReader.ReadShared(path) ?? [];

    /// <summary>
    /// Verifies the chain against the node key's signed checkpoints (reliability STO-06/07): the first
    /// bad record for an edit, a reordering or a deletion, and truncation below the last checkpoint.
    /// </summary>
    public static AuditVerification Verify(VaultPaths paths)
    {
        using var key = NodeKey.Load(paths.NodeKey);
        var checkpoints = AuditFileParser.Checkpoints(ReadShared(CheckpointPath(paths)));
        var options = new AuditVerifyOptions
        {
            TrustedKeys = [key.PublicKey.ToArray()],
            Checkpoints = checkpoints.Entries,
            ExpectedNode = VaultHost.NodeId(key.PublicKey),
        };
        var result = AuditChainVerifier.Verify(ReadShared(LogPath(paths)), options);
        return checkpoints.Invalid > 0 && result.Valid
            ? result with { Valid = false, Error = new Protocol.ProtocolError(ErrorCatalogue.AuditCheckpointInvalid, $"{checkpoints.Invalid} checkpoint line(s) do not parse.") }
            : result;
    }
}
