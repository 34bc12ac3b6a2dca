using System.Net.Http.Headers;
using System.Text.Json;

namespace Sigilum.Cli.Requests;

/// <summary>
/// What <c>sigilum request</c> sends, checked but not yet signed; <see cref="ToMessage"/> builds a fresh
/// message (the signing handler adds the Sigilum headers when it is sent).
/// </summary>
internal sealed record RequestSpec(string Method, string Url, byte[] Body, IReadOnlyList<KeyValuePair<string, string>> Headers)
{
    public HttpRequestMessage ToMessage()
    {
        var message = new HttpRequestMessage(new HttpMethod(Method), new Uri(Url, UriKind.Absolute));
        var contentHeaders = Headers.Where(h => IsContentHeader(h.Key)).ToList();
        if (Body.Length > 0 || contentHeaders.Count > 0)
        {
            message.Content = new ByteArrayContent(Body);
            if (!contentHeaders.Any(h => h.Key.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)) && Body.Length > 0)
            {
                message.Content.Headers.ContentType = new MediaTypeHeaderValue(LooksLikeJson(Body) ? "application/json" : "application/octet-stream");
            }
            foreach (var (name, value) in contentHeaders)
            {
                message.Content.Headers.TryAddWithoutValidation(name, value);
            }
        }
        foreach (var (name, value) in Headers.Where(h => !IsContentHeader(h.Key)))
        {
            if (name.Equals("Host", StringComparison.OrdinalIgnoreCase))
            {
                message.Headers.Host = value;
            }
            else
            {
                message.Headers.TryAddWithoutValidation(name, value);
            }
        }
        return message;
    }

    private static bool IsContentHeader(string name) =>
        name.StartsWith("Content-", StringComparison.OrdinalIgnoreCase) && !name.Equals("Content-Digest", StringComparison.OrdinalIgnoreCase);

    private static bool LooksLikeJson(byte[] body)
    {
        try
        {
            using var _ = JsonDocument.Parse(body);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
