using System.Net;
using System.Text;

namespace Sigilum.Cli.Remote;

/// <summary>
/// A tiny stand-in for control-plane routes that a test needs before the real ones exist (the webhook
/// routes): answers configured (method, path) pairs, 404 problem otherwise, and records what it received.
/// </summary>
internal sealed class StubApi : HttpMessageHandler
{
    private readonly Dictionary<(string Method, string Path), (HttpStatusCode Status, string Body)> _routes = [];

    public List<(string Method, string PathAndQuery, string? Authorization, string Body)> Received { get; } = [];

    public void On(string method, string path, HttpStatusCode status, string body = "") => _routes[(method, path)] = (status, body);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? string.Empty : await request.Content.ReadAsStringAsync(cancellationToken);
        Received.Add((request.Method.Method, request.RequestUri!.PathAndQuery, request.Headers.Authorization?.ToString(), body));
        var (status, answer) = _routes.TryGetValue((request.Method.Method, request.RequestUri.AbsolutePath), out var route)
            ? route
            : (HttpStatusCode.NotFound, "{\"type\":\"/docs/errors#not-found\",\"title\":\"Not found.\",\"status\":404,\"detail\":\"Webhook not found.\",\"code\":\"NOT_FOUND\"}");
        var contentType = (int)status >= 400 ? "application/problem+json" : "application/json";
        return new HttpResponseMessage(status) { Content = new StringContent(answer, Encoding.UTF8, contentType), RequestMessage = request };
    }
}
