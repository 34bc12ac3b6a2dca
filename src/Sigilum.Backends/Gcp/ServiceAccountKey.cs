using System.Security.Cryptography;
using System.Text.Json;

namespace Sigilum.Backends.Gcp;

/// <summary>The fields of a Google service-account key file we use. The private key is never logged.</summary>
internal sealed record ServiceAccountKey(string ClientEmail, string PrivateKeyPem, string? PrivateKeyId, Uri TokenUri)
{
    public static readonly Uri DefaultTokenUri = new("https://oauth2.googleapis.com/token");

    /// <summary>Parses the key file; the problem text names the missing field, never a value.</summary>
    public static (ServiceAccountKey? Key, string? Problem) Parse(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || Text(root, "type") != "service_account")
            {
                return (null, "the credentials are not a service-account key (\"type\": \"service_account\")");
            }
            var email = Text(root, "client_email");
            var pem = Text(root, "private_key");
            if (email is null || pem is null)
            {
                return (null, "the service-account key lacks client_email or private_key");
            }
            var tokenUri = Text(root, "token_uri") is { } uri ? new Uri(uri, UriKind.Absolute) : DefaultTokenUri;
            if (tokenUri.Scheme != Uri.UriSchemeHttps && !tokenUri.IsLoopback)
            {
                return (null, "the service-account key's token_uri must be https");
            }
            using var probe = RSA.Create();
            probe.ImportFromPem(pem);
            return (new ServiceAccountKey(email, pem, Text(root, "private_key_id"), tokenUri), null);
        }
        catch (Exception e) when (e is JsonException or UriFormatException or ArgumentException or CryptographicException)
        {
            return (null, "the service-account key is not valid JSON with a PEM private_key");
        }
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text ? text : null;

    public override string ToString() => $"ServiceAccountKey {{ ClientEmail = {ClientEmail} }}";
}
