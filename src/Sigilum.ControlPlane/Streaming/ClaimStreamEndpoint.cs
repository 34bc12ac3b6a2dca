using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Sigilum.AspNetCore.Authentication;
using Sigilum.AspNetCore.Errors;
using Sigilum.ControlPlane.Api.Views;
using Sigilum.ControlPlane.Signing;
using Sigilum.Core.Claims;
using Sigilum.Core.Storage;
using Sigilum.Protocol.ControlPlane;

namespace Sigilum.ControlPlane.Streaming;

/// <summary>
/// <c>GET /v1/stream</c>: the push channel a paired gateway or vault holds open (Server-Sent Events).
/// Without a cursor it first sends a <c>snapshot</c> of every approved claim of the namespace; then one
/// <c>claim</c> event per change, with the change-feed sequence number as the event id, so a reconnect
/// with <c>Last-Event-ID</c> resumes exactly where it stopped. The store's change signal wakes the
/// stream as soon as a change commits, on this instance or another one sharing the database.
/// Every event, keep-alives included, is signed with the control-plane key and bound to the caller and the
/// <c>challenge</c> it sent (ADR 0024, <see cref="SignedEventStream"/>). The connection is registered with
/// <see cref="StreamSubscribers"/> while it is open, with the newest event id sent, so the node can acknowledge what it
/// applied (<c>POST /v1/stream/ack</c>, <see cref="StreamAckEndpoint"/>) and a revocation can wait for that (ADR 0027).
/// </summary>
internal static class ClaimStreamEndpoint
{
    private const int BatchSize = 500;

    public static void Map(IEndpointRouteBuilder app) => app.MapGet("/v1/stream", StreamAsync).RequireSigilumSignature();

    private static async Task StreamAsync(HttpContext context, ISigilumStore store, TimeProvider time, ControlPlaneSigner signer, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, IOptions<Hosting.ControlPlaneOptions> options, Microsoft.Extensions.Hosting.IHostApplicationLifetime lifetime, StreamSubscribers subscribers, long? after)
    {
        var caller = context.GetSignedCaller();
        var node = await store.Nodes.FindByKeyAsync(caller.Namespace, caller.PublicKey, context.RequestAborted);
        if (node is null)
        {
            await ProblemResponses.WriteAsync(context, ApiErrors.Forbidden, "Only gateways and vaults registered to the namespace can follow its claims.");
            return;
        }
        if (SignedEventStream.ReadChallenge(context.Request) is not { } challenge)
        {
            await ProblemResponses.WriteAsync(context, ApiErrors.ValidationError, "challenge must be 16-128 base64url characters.");
            return;
        }
        var events = new SignedEventStream(context, signer, ControlPlaneSignature.StreamEvent, caller.Namespace, caller.PublicKey, challenge, time);
        var cursor = after ?? (long.TryParse(context.Request.Headers["Last-Event-ID"], out var lastId) ? lastId : (long?)null);
        // End the stream when the client leaves or the host shuts down, so a graceful stop does not wait
        // out its timeout on streams that never finish; data planes reconnect with Last-Event-ID.
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        using var subscription = subscribers.Attach(caller.Namespace, node.Id, node.Name, caller.PublicKey, challenge);
        var aborted = linked.Token;
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers["X-Accel-Buffering"] = "no";
        await store.Nodes.TouchAsync(node.Id, time.GetUtcNow(), version: null, aborted);
        var serializer = json.Value.SerializerOptions;
        try
        {
            if (cursor is null || cursor < 0)
            {
                cursor = await SendSnapshotAsync(events, subscription, store, caller.Namespace, serializer, aborted);
            }
            var keepAlive = TimeSpan.FromSeconds(options.Value.StreamKeepAliveSeconds);
            while (!aborted.IsCancellationRequested)
            {
                // Read the watermark first: a change committed after it wakes the wait below at once.
                var watermark = await store.Claims.LatestChangeSeqAsync(aborted);
                var changes = await store.Claims.ReadChangesAsync(caller.Namespace, cursor.Value, BatchSize, aborted);
                foreach (var change in changes)
                {
                    // Recorded before the write: the node may acknowledge the event as soon as it arrives.
                    subscription.Sent(change.Seq);
                    await events.WriteAsync("claim", change.Seq.ToString(CultureInfo.InvariantCulture), JsonSerializer.Serialize(ClaimView.From(change.Claim), serializer), aborted);
                    cursor = change.Seq;
                }
                if (changes.Count == BatchSize)
                {
                    continue;
                }
                if (!await store.ChangeSignal.WaitAsync(Math.Max(watermark, cursor.Value), keepAlive, aborted))
                {
                    await events.KeepAliveAsync(aborted);
                    await store.Nodes.TouchAsync(node.Id, time.GetUtcNow(), version: null, aborted);
                }
            }
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The data plane disconnected; it resumes with Last-Event-ID.
        }
    }

    private static async Task<long> SendSnapshotAsync(SignedEventStream events, StreamSubscription subscription, ISigilumStore store, string ns, JsonSerializerOptions serializer, CancellationToken aborted)
    {
        // The sequence number is read before the claims, so a change racing the snapshot is sent again
        // afterwards rather than lost (events are idempotent: each carries the whole claim).
        var seq = await store.Claims.LatestChangeSeqAsync(aborted);
        var approved = new List<ClaimView>();
        for (var offset = 0; ; offset += BatchSize)
        {
            var page = await store.Claims.ListAsync(new ClaimQuery { Namespace = ns, Status = ClaimStatus.Approved, Limit = BatchSize, Offset = offset }, aborted);
            approved.AddRange(page.Items.Select(ClaimView.From));
            if (!page.HasMore)
            {
                break;
            }
        }
        // The signature covers the digest of the whole snapshot: one bad claim in it fails the lot.
        subscription.Sent(seq);
        await events.WriteAsync("snapshot", seq.ToString(CultureInfo.InvariantCulture), JsonSerializer.Serialize(new { seq, claims = approved }, serializer), aborted);
        return seq;
    }
}
