using Sigilum.Cli.Gateway;
using Sigilum.Cli.Local;
using Sigilum.CommandLine.Audit;
using Sigilum.Core.Audit;
using Sigilum.Protocol.Identity;

namespace Sigilum.Cli.Audit;

/// <summary>
/// Where the gateway of a home keeps its audit trail (<c>$SIGILUM_HOME/gateway/audit/</c>: <c>audit.jsonl</c> and
/// <c>checkpoints.jsonl</c>, names from <see cref="AuditLogOptions"/>) and the key its checkpoints must be signed
/// with: the gateway identity's, read from <c>gateway/identities/&lt;ns&gt;/identity.json</c>, never from the checkpoints.
/// </summary>
internal sealed class GatewayAuditFiles(string directory)
{
    public string Directory { get; } = directory;

    public string LogFile => Path.Combine(Directory, AuditLogOptions.LogFileName);

    public string CheckpointFile => Path.Combine(Directory, AuditLogOptions.CheckpointFileName);

    public static GatewayAuditFiles For(CliContext context, SigilumPaths paths, string? directory)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(paths);
        return new(directory is null ? Path.Combine(paths.GatewayDirectory, "audit") : context.ResolvePath(directory));
    }

    /// <summary>Reads a whole file that the gateway may be appending to (shared read/write).</summary>
    public static byte[] ReadShared(string path, string what) =>
        AuditFileReader.ReadShared(path)
        ?? throw new CliException(ExitCodes.NotFound, $"There is no {what} at {path}; has the gateway run here (sigilum gateway start)?");

    /// <summary>The gateway identity (of <paramref name="ns"/>, else the only one) whose key signs the checkpoints.</summary>
    public static IdentityRecord LoadGatewayIdentity(CliContext context, SigilumPaths paths, string? ns)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(paths);
        var store = GatewayIdentity.OpenStore(context, paths);
        if (ns is null && store.ListNamespaces().Count == 0)
        {
            throw new CliException(ExitCodes.NotFound, $"No gateway identity in {Path.Combine(paths.GatewayDirectory, "identities")}, so checkpoints cannot be checked; has the gateway run here?");
        }
        var record = store.LoadIdentity(ns);
        return record.IsSuccess ? record.Value! : throw CliContext.IdentityFailure(record.Error!);
    }

    public static byte[] PublicKey(IdentityRecord identity)
    {
        ArgumentNullException.ThrowIfNull(identity);
        return AgentKeys.TryParse(identity.PublicKey, out var key)
            ? key
            : throw new CliException(ExitCodes.InvalidData, $"The gateway identity of {identity.Namespace} has an unreadable public key.");
    }
}
