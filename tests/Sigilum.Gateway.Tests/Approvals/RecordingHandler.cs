using System.Collections.Concurrent;

namespace Sigilum.Gateway.Approvals;

/// <summary>Passes requests through and records the <c>Last-Event-ID</c> each stream request (GET) carried; acknowledgements (POST) are not recorded.</summary>
internal sealed class RecordingHandler : DelegatingHandler
{
    public RecordingHandler() : base(new SocketsHttpHandler()) { }

    public ConcurrentQueue<string?> LastEventIds { get; } = new();

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Method == HttpMethod.Get)
        {
            LastEventIds.Enqueue(request.Headers.TryGetValues("Last-Event-ID", out var values) ? values.Single() : null);
        }
        return base.SendAsync(request, cancellationToken);
    }
}
