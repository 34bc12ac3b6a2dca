using Sigilum.Cli.Local;
using Sigilum.Protocol.Identity;
using Sigilum.Sdk.Identity;

namespace Sigilum.Cli.Gateway;

/// <summary>
/// The gateway's own identity: a key in the namespace it serves, kept apart from the owner's and agents'
/// identities (<c>$SIGILUM_HOME/gateway/identities/&lt;ns&gt;/identity.json</c>, same file format). It signs the
/// gateway's calls to the control plane: the push stream, pending-claim filing, usage and audit checkpoints.
/// </summary>
internal static class GatewayIdentity
{
    /// <summary>Loads the gateway identity of <paramref name="ns"/>, creating it on first use.</summary>
    public static (IdentityRecord Record, bool Created, string Path) Ensure(CliContext context, SigilumPaths paths, string ns)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(paths);
        var store = new IdentityStore(new IdentityStoreOptions
        {
            HomeDirectory = paths.GatewayDirectory,
            TimeProvider = context.Environment.Time,
            GetEnvironmentVariable = _ => null,
        });
        var init = store.InitIdentity(ns, force: false);
        if (!init.IsSuccess)
        {
            throw CliContext.IdentityFailure(init.Error);
        }
        return (init.Value.Record, init.Value.Created, init.Value.Path);
    }
}
