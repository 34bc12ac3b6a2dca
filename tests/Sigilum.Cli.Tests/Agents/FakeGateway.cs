using System.Net;
using System.Text;

namespace Sigilum.Cli.Agents;

/// <summary>
/// The transport under <c>sigilum agent</c> in tests: records every request as it would reach the wire and answers
/// from <see cref="Respond"/> (by default 200 <c>{"ok":true}</c>).
/// </summary>
internal sealed class FakeGateway : HttpMessageHandler
{
    public sealed record Received(string Method, string TargetUri, string Path, List<KeyValuePair<string, string>> Headers, byte[] Body, string? ContentType)
    {
        public string? Header(string name) =>
            Headers.Where(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value).FirstOrDefault();
    }

    public List<Received> Requests { get; } = [];

    public Func<Received, HttpResponseMessage> Respond { get; set; } = _ => Answer(HttpStatusCode.OK, "{\"ok\":true}");

    public static HttpResponseMessage Answer(HttpStatusCode status, string body, string? code = null, string contentType = "application/json")
    {
        var response = new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, contentType) };
        if (code is not null)
        {
            response.Headers.Add("X-Sigilum-Code", code);
        }
        return response;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var uri = request.RequestUri!;
        var host = request.Headers.Host ?? (uri.IsDefaultPort ? uri.Authority : $"{uri.Host}:{uri.Port}");
        var headers = request.Headers.SelectMany(h => h.Value.Select(v => new KeyValuePair<string, string>(h.Key, v))).ToList();
        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        var received = new Received(request.Method.Method, $"{uri.Scheme}://{host}{uri.PathAndQuery}", uri.AbsolutePath, headers, body, request.Content?.Headers.ContentType?.MediaType);
        Requests.Add(received);
        var response = Respond(received);
        response.RequestMessage = request;
        return response;
    }
}
