using System.Collections.Concurrent;

namespace Sigilum.Gateway.Approvals;

/// <summary>Passes requests through and records the <c>Last-Event-ID</c> each stream request carried.</summary>
internal sealed class RecordingHandler : DelegatingHandler
{
    public RecordingHandler() : base(new SocketsHttpHandler()) { }

    public ConcurrentQueue<string?> LastEventIds { get; } = new();

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        LastEventIds.Enqueue(request.Headers.TryGetValues("Last-Event-ID", out var values) ? values.Single() : null);
        return base.SendAsync(request, cancellationToken);
    }
}
