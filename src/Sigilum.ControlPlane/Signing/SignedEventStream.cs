using System.Globalization;
using System.Text;
using Sigilum.Protocol.ControlPlane;

namespace Sigilum.ControlPlane.Signing;

/// <summary>
/// Writes one Server-Sent Events response in which every event is signed with the control-plane key (ADR 0024):
/// an extra <c>sig</c> field signs ⟨namespace, node key, the data plane's challenge, the event's position on this
/// connection (1, 2, …), event name, event id, SHA-256 of the data⟩. The challenge makes a recorded stream useless
/// on another connection; the position makes a dropped, reordered or repeated event fail; the node binding makes
/// one gateway's stream useless to another. Keep-alives are signed events too (<c>event: keep-alive</c>), so
/// liveness cannot be faked by anyone who merely answers on the control plane's address.
/// </summary>
internal sealed class SignedEventStream(HttpContext context, ControlPlaneSigner signer, string purpose, string ns, string nodeKey, string challenge, TimeProvider time)
{
    private long _position;

    /// <summary>
    /// The challenge of the request (query <c>challenge</c>): empty when absent (a data plane from before ADR 0024,
    /// which does not verify), null when present but malformed (the caller answers 400).
    /// </summary>
    public static string? ReadChallenge(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var values = request.Query["challenge"];
        if (values.Count == 0)
        {
            return string.Empty;
        }
        return values.Count == 1 && ControlPlaneSignature.IsValidChallenge(values[0]) ? values[0] : null;
    }

    /// <summary>The fields signed for one event (shared with the verifier's tests through the protocol type).</summary>
    public static string[] Fields(string ns, string nodeKey, string challenge, long position, string name, string? id, string data) =>
        [ns, nodeKey, challenge, position.ToString(CultureInfo.InvariantCulture), name, id ?? string.Empty, ControlPlaneSignature.Digest(data)];

    public async Task WriteAsync(string name, string? id, string data, CancellationToken aborted)
    {
        var position = ++_position;
        var signature = signer.Sign(purpose, Fields(ns, nodeKey, challenge, position, name, id, data));
        var text = new StringBuilder().Append("event: ").Append(name).Append('\n');
        if (id is not null)
        {
            text.Append("id: ").Append(id).Append('\n');
        }
        text.Append("data: ").Append(data).Append('\n')
            .Append("sig: ").Append(signature).Append("\n\n");
        await context.Response.WriteAsync(text.ToString(), aborted);
        await context.Response.Body.FlushAsync(aborted);
    }

    /// <summary>A signed keep-alive carrying the control plane's time (informational; freshness is the position).</summary>
    public Task KeepAliveAsync(CancellationToken aborted) =>
        WriteAsync("keep-alive", null, "{\"ts\":\"" + time.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) + "\"}", aborted);
}
