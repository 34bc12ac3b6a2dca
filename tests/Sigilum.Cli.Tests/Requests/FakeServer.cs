using System.Net;

namespace Sigilum.Cli.Requests;

/// <summary>
/// The transport under <c>sigilum request</c> in tests: records what would reach the wire (target URI as
/// a gateway rebuilds it, headers, body) and answers with a configured response.
/// </summary>
internal sealed class FakeServer : HttpMessageHandler
{
    public HttpStatusCode Status { get; set; } = HttpStatusCode.OK;

    public string ResponseBody { get; set; } = "{\"ok\":true}";

    public List<(string Method, string TargetUri, List<KeyValuePair<string, string>> Headers, byte[] Body, string? ContentType)> Received { get; } = [];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var uri = request.RequestUri!;
        var host = request.Headers.Host ?? (uri.IsDefaultPort ? uri.Authority : $"{uri.Host}:{uri.Port}");
        var headers = request.Headers.SelectMany(h => h.Value.Select(v => new KeyValuePair<string, string>(h.Key, v))).ToList();
        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        Received.Add((request.Method.Method, $"{uri.Scheme}://{host}{uri.PathAndQuery}", headers, body, request.Content?.Headers.ContentType?.ToString()));
        var response = new HttpResponseMessage(Status) { Content = new StringContent(ResponseBody), RequestMessage = request };
        response.Headers.Add("x-request-id", "req-1");
        return response;
    }
}
