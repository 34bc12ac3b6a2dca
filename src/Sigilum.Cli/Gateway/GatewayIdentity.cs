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
    /// <summary>
    /// The identity store of the gateway's own keys (<c>gateway/identities/</c>); environment variables are not consulted,
    /// so <c>$SIGILUM_NAMESPACE</c> (the owner's choice) never picks the gateway's key.
    /// </summary>
    public static IdentityStore OpenStore(CliContext context, SigilumPaths paths)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(paths);
        return new IdentityStore(new IdentityStoreOptions
        {
            HomeDirectory = paths.GatewayDirectory,
            TimeProvider = context.Environment.Time,
            GetEnvironmentVariable = _ => null,
        });
    }

    /// <summary>Loads the gateway identity of <paramref name="ns"/>, creating it on first use.</summary>
    public static (IdentityRecord Record, bool Created, string Path) Ensure(CliContext context, SigilumPaths paths, string ns)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(paths);
        var store = GatewayIdentity.OpenStore(context, paths);
        var init = store.InitIdentity(ns, force: false);
        if (!init.IsSuccess)
        {
            throw CliContext.IdentityFailure(init.Error);
        }
        return (init.Value.Record, init.Value.Created, init.Value.Path);
    }
}
