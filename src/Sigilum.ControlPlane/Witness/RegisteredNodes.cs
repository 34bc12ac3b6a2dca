using Sigilum.AspNetCore.Authentication;
using Sigilum.AspNetCore.Errors;
using Sigilum.Core.Nodes;
using Sigilum.Core.Storage;
using Sigilum.Protocol.Errors;

namespace Sigilum.ControlPlane.Witness;

/// <summary>
/// Data-plane calls (usage events, checkpoints) are authenticated by the node's registration: the
/// signer's key must be a gateway or vault key the owner registered in the signer's namespace. The
/// reference bound usage events to the agent key in the body instead, which a gateway can never sign
/// with (spec §3.12, §9 item 5).
/// </summary>
internal static class RegisteredNodes
{
    public static readonly ApiError NotRegistered = ApiError.Of(ErrorCatalogue.NodeNotRegistered);

    /// <summary>The registered node that signed this request, or null.</summary>
    public static Task<DataPlaneNode?> FindSignerAsync(HttpContext context, ISigilumStore store)
    {
        var caller = context.GetSignedCaller();
        return store.Nodes.FindByKeyAsync(caller.Namespace, caller.PublicKey, context.RequestAborted);
    }
}
