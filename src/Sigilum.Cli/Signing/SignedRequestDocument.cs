using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Sigilum.Cli.Signing;

/// <summary>
/// The JSON that <c>sign --json</c> prints and <c>verify --request-file</c> reads:
/// <c>{command, method, url, targetUri, headers: {name: value}, body}</c>. A body that is not UTF-8 text
/// travels as <c>bodyBase64</c> instead of <c>body</c>.
/// </summary>
internal sealed record SignedRequestDocument(
    string Method,
    string Url,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    byte[] Body)
{
    /// <summary>A request file is a few KB; anything beyond the body limit plus headroom is not one.</summary>
    public const int MaxFileBytes = BodyInput.MaxBytes * 2;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public JsonObject ToJson(string targetUri)
    {
        var headers = new JsonObject();
        foreach (var (name, value) in Headers)
        {
            headers[name] = value;
        }
        var document = new JsonObject
        {
            ["command"] = "sign",
            ["method"] = Method,
            ["url"] = Url,
            ["targetUri"] = targetUri,
            ["headers"] = headers,
        };
        if (Body.Length == 0)
        {
            document["body"] = null;
        }
        else if (TryDecodeUtf8(Body, out var text))
        {
            document["body"] = text;
        }
        else
        {
            document["bodyBase64"] = Convert.ToBase64String(Body);
        }
        return document;
    }

    /// <summary>Parses a request file; a malformed one throws <see cref="CliException"/> with exit code 4.</summary>
    public static SignedRequestDocument Parse(byte[] json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 8 });
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw Invalid("the top level must be a JSON object");
            }
            var method = RequiredString(root, "method");
            var url = RequiredString(root, "url");
            if (!root.TryGetProperty("headers", out var headersElement) || headersElement.ValueKind != JsonValueKind.Object)
            {
                throw Invalid("\"headers\" must be an object of header names to string values");
            }
            var headers = new List<KeyValuePair<string, string>>();
            // EnumerateObject yields repeated names too; they reach the verifier, which refuses duplicates.
            foreach (var header in headersElement.EnumerateObject())
            {
                if (header.Value.ValueKind != JsonValueKind.String)
                {
                    throw Invalid($"header \"{header.Name}\" must be a string");
                }
                headers.Add(new(header.Name.ToLowerInvariant(), header.Value.GetString()!));
            }
            return new SignedRequestDocument(method, url, headers, ReadBody(root));
        }
        catch (JsonException ex)
        {
            throw Invalid($"not valid JSON ({ex.Message})");
        }
    }

    private static byte[] ReadBody(JsonElement root)
    {
        if (root.TryGetProperty("bodyBase64", out var base64) && base64.ValueKind == JsonValueKind.String)
        {
            try
            {
                return Convert.FromBase64String(base64.GetString()!);
            }
            catch (FormatException)
            {
                throw Invalid("\"bodyBase64\" is not base64");
            }
        }
        if (!root.TryGetProperty("body", out var body) || body.ValueKind == JsonValueKind.Null)
        {
            return [];
        }
        return body.ValueKind == JsonValueKind.String
            ? Encoding.UTF8.GetBytes(body.GetString()!)
            : throw Invalid("\"body\" must be a string or null");
    }

    private static string RequiredString(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
            ? text
            : throw Invalid($"\"{name}\" must be a non-empty string");

    private static bool TryDecodeUtf8(byte[] bytes, out string text)
    {
        try
        {
            text = StrictUtf8.GetString(bytes);
            return true;
        }
        catch (DecoderFallbackException)
        {
            text = string.Empty;
            return false;
        }
    }

    private static CliException Invalid(string why) => new(ExitCodes.InvalidData, "The request file is not a signed request: " + why + ".");
}
