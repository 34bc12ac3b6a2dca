using System.Net;

namespace Sigilum.Sdk.Signing;

/// <summary>
/// The innermost handler in tests: records each request as a server would receive it and answers 200.
/// The target URI is rebuilt the gateway's way (scheme + Host + path and query), with the Host that
/// SocketsHttpHandler would send.
/// </summary>
internal sealed class CapturingHandler : HttpMessageHandler
{
    public List<CapturedRequest> Requests { get; } = [];

    public CapturedRequest Last => Requests[^1];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var uri = request.RequestUri!;
        var host = request.Headers.Host ?? (uri.IsDefaultPort ? uri.Authority : $"{uri.Host}:{uri.Port}");
        var headers = request.Headers.SelectMany(h => h.Value.Select(v => new KeyValuePair<string, string>(h.Key, v))).ToList();
        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        Requests.Add(new CapturedRequest(
            request.Method.Method, $"{uri.Scheme}://{host}{uri.PathAndQuery}", headers, body,
            request.Content?.Headers.ContentType?.ToString()));
        return new HttpResponseMessage(HttpStatusCode.OK) { RequestMessage = request };
    }
}
