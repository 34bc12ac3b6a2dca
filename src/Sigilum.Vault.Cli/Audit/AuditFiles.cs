using Sigilum.Core.Audit;
using Sigilum.Protocol.Audit;
using Sigilum.Vault.Audit;
using Sigilum.Vault.Hosting;
using Sigilum.Vault.Store;

namespace Sigilum.Vault.Cli.Audit;

/// <summary>Reads the vault's audit files read-only (a running proxy may be appending).</summary>
internal static class AuditFiles
{
    public static string LogPath(VaultPaths paths) => Path.Combine(paths.AuditDirectory, AuditLogOptions.LogFileName);

    public static string CheckpointPath(VaultPaths paths) => Path.Combine(paths.AuditDirectory, AuditLogOptions.CheckpointFileName);

    public static byte[] ReadShared(string path)
    {
        if (!File.Exists(path))
        {
            return [];
        }
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }

    /// <summary>
    /// Verifies the chain against the node key's signed checkpoints (reliability STO-06/07): the first
    /// bad record for an edit, a reordering or a deletion, and truncation below the last checkpoint.
    /// </summary>
    public static AuditVerification Verify(VaultPaths paths)
    {
        using var key = NodeKey.Load(paths.NodeKey);
        var checkpoints = new List<AuditCheckpoint>();
        var text = ReadShared(CheckpointPath(paths));
        var invalid = 0;
        foreach (var line in SplitLines(text))
        {
            var parsed = AuditCheckpoint.Parse(line);
            if (parsed.IsSuccess)
            {
                checkpoints.Add(parsed.Value!);
            }
            else
            {
                invalid++;
            }
        }
        var options = new AuditVerifyOptions
        {
            TrustedKeys = [key.PublicKey.ToArray()],
            Checkpoints = checkpoints,
            ExpectedNode = VaultHost.NodeId(key.PublicKey),
        };
        var result = AuditChainVerifier.Verify(ReadShared(LogPath(paths)), options);
        return invalid > 0 && result.Valid
            ? result with { Valid = false, Error = new Protocol.ProtocolError(AuditErrorCodes.CheckpointInvalid, $"{invalid} checkpoint line(s) do not parse.") }
            : result;
    }

    private static IEnumerable<byte[]> SplitLines(byte[] bytes)
    {
        var start = 0;
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] == '\n')
            {
                if (i > start)
                {
                    yield return bytes[start..i];
                }
                start = i + 1;
            }
        }
    }
}
