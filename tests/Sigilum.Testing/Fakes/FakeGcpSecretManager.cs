using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Sigilum.Testing.Fakes;

/// <summary>
/// A faithful local Google Secret Manager plus OAuth token endpoint (DESIGN §5). The token endpoint
/// takes the JWT-bearer grant and verifies the RS256 assertion with the service account's public key,
/// its issuer, audience, scope and lifetime; the API accepts only access tokens it issued and that have
/// not expired, and answers <c>versions/{v}:access</c> with the base64 payload and its CRC32C (computed by
/// its own bitwise CRC, independent of the product's table-driven one).
/// </summary>
public sealed class FakeGcpSecretManager : IAsyncDisposable
{
    public const string Project = "sigilum-test";
    public const string ProjectNumber = "123456789012";
    public const string ClientEmail = "proxy@sigilum-test.iam.gserviceaccount.com";
    private readonly TimeProvider _time;
    // Generated once per test run: RSA key generation is slow on a 2-core machine, and the key is only a test key.
    private static readonly RSA SharedKey = RSA.Create(2048);
    private static readonly RSA ForeignKey = RSA.Create(2048);
    private readonly RSA _key = SharedKey;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, DateTimeOffset> _tokens = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<byte[]>> _secrets = new(StringComparer.Ordinal);
    private FakeHost? _host;

    private FakeGcpSecretManager(TimeProvider time) => _time = time;

    public FakeHost Host => _host ?? throw new InvalidOperationException("Start the fake first.");

    public Uri BaseUri => Host.BaseUri;

    public Uri TokenUri => new(Host.BaseUri, "/token");

    public int TokensIssued { get; private set; }

    /// <summary>When set, the next access answer carries a wrong checksum (a corrupted payload in transit).</summary>
    public bool CorruptNextChecksum { get; set; }

    public static async Task<FakeGcpSecretManager> StartAsync(TimeProvider time)
    {
        var fake = new FakeGcpSecretManager(time);
        fake._host = await FakeHost.StartAsync(fake.HandleAsync);
        return fake;
    }

    /// <summary>The service-account key file for this fake (with <paramref name="otherKey"/>, one whose signature it will reject).</summary>
    public string ServiceAccountJson(bool otherKey = false)
    {
        var pem = (otherKey ? ForeignKey : _key).ExportPkcs8PrivateKeyPem();
        return new JsonObject
        {
            ["type"] = "service_account",
            ["project_id"] = Project,
            ["private_key_id"] = "0123abcd",
            ["private_key"] = pem,
            ["client_email"] = ClientEmail,
            ["client_id"] = "1000",
            ["token_uri"] = TokenUri.ToString(),
        }.ToJsonString();
    }

    /// <summary>Adds a version (numbered from 1).</summary>
    public int AddVersion(string secret, byte[] data)
    {
        lock (_gate)
        {
            if (!_secrets.TryGetValue(secret, out var versions))
            {
                _secrets[secret] = versions = [];
            }
            versions.Add(data);
            return versions.Count;
        }
    }

    public void ExpireAllTokens()
    {
        lock (_gate)
        {
            _tokens.Clear();
        }
    }

    /// <summary>CRC-32C, bit by bit (RFC 3720 §B.4).</summary>
    public static uint Crc32C(byte[] data)
    {
        var crc = uint.MaxValue;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) == 1 ? (crc >> 1) ^ 0x82F63B78 : crc >> 1;
            }
        }
        return crc ^ uint.MaxValue;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? string.Empty;
        if (context.Request.Method == "POST" && path == "/token")
        {
            await TokenAsync(context);
            return;
        }
        if (context.Request.Method == "GET" && path.StartsWith("/v1/projects/", StringComparison.Ordinal) && path.EndsWith(":access", StringComparison.Ordinal))
        {
            await AccessAsync(context, path["/v1/".Length..^":access".Length].Split('/'));
            return;
        }
        await ErrorAsync(context, 404, "NOT_FOUND", "Not found.");
    }

    private async Task TokenAsync(HttpContext context)
    {
        var form = await context.Request.ReadFormAsync();
        if (form["grant_type"] != "urn:ietf:params:oauth:grant-type:jwt-bearer" || !AssertionIsValid(form["assertion"].ToString()))
        {
            context.Response.StatusCode = 400;
            await context.Response.WriteAsJsonAsync(new { error = "invalid_grant", error_description = "Invalid JWT Signature." });
            return;
        }
        var token = "ya29." + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        lock (_gate)
        {
            _tokens[token] = _time.GetUtcNow().AddHours(1);
            TokensIssued++;
        }
        await context.Response.WriteAsJsonAsync(new { access_token = token, expires_in = 3599, token_type = "Bearer" });
    }

    private bool AssertionIsValid(string assertion)
    {
        var parts = assertion.Split('.');
        if (parts.Length != 3)
        {
            return false;
        }
        try
        {
            using var header = JsonDocument.Parse(FromBase64Url(parts[0]));
            using var claims = JsonDocument.Parse(FromBase64Url(parts[1]));
            if (header.RootElement.GetProperty("alg").GetString() != "RS256"
                || !_key.VerifyData(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), FromBase64Url(parts[2]), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1))
            {
                return false;
            }
            var c = claims.RootElement;
            var now = _time.GetUtcNow().ToUnixTimeSeconds();
            var iat = c.GetProperty("iat").GetInt64();
            var exp = c.GetProperty("exp").GetInt64();
            return c.GetProperty("iss").GetString() == ClientEmail
                && c.GetProperty("aud").GetString() == TokenUri.ToString()
                && (c.GetProperty("scope").GetString() ?? string.Empty).Split(' ').Contains("https://www.googleapis.com/auth/cloud-platform")
                && iat <= now + 300 && exp > now && exp - iat <= 3600;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or FormatException or InvalidOperationException or CryptographicException)
        {
            return false;
        }
    }

    private async Task AccessAsync(HttpContext context, string[] name)
    {
        var authorization = context.Request.Headers.Authorization.ToString();
        bool valid;
        lock (_gate)
        {
            valid = authorization.StartsWith("Bearer ", StringComparison.Ordinal)
                && _tokens.TryGetValue(authorization["Bearer ".Length..], out var expires) && _time.GetUtcNow() < expires;
        }
        if (!valid)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer realm=\"https://accounts.google.com/\"";
            await ErrorAsync(context, 401, "UNAUTHENTICATED", "Request had invalid authentication credentials.");
            return;
        }
        // projects/{p}/secrets/{s}/versions/{v}
        if (name.Length != 6 || name[0] != "projects" || name[2] != "secrets" || name[4] != "versions")
        {
            await ErrorAsync(context, 400, "INVALID_ARGUMENT", "Bad name.");
            return;
        }
        if (name[1] != Project && name[1] != ProjectNumber)
        {
            await ErrorAsync(context, 403, "PERMISSION_DENIED", "Permission 'secretmanager.versions.access' denied.");
            return;
        }
        byte[]? data = null;
        var number = 0;
        lock (_gate)
        {
            if (_secrets.TryGetValue(name[3], out var versions))
            {
                number = name[5] == "latest" ? versions.Count : int.TryParse(name[5], NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
                data = number >= 1 && number <= versions.Count ? versions[number - 1] : null;
            }
        }
        if (data is null)
        {
            await ErrorAsync(context, 404, "NOT_FOUND", "Secret Version not found.");
            return;
        }
        var crc = (long)Crc32C(data);
        if (CorruptNextChecksum)
        {
            CorruptNextChecksum = false;
            crc ^= 1;
        }
        context.Response.ContentType = "application/json; charset=UTF-8";
        await context.Response.WriteAsync(new JsonObject
        {
            ["name"] = $"projects/{ProjectNumber}/secrets/{name[3]}/versions/{number}",
            ["payload"] = new JsonObject
            {
                ["data"] = Convert.ToBase64String(data),
                ["dataCrc32c"] = crc.ToString(CultureInfo.InvariantCulture),
            },
        }.ToJsonString());
    }

    private static async Task ErrorAsync(HttpContext context, int status, string code, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=UTF-8";
        await context.Response.WriteAsync(new JsonObject
        {
            ["error"] = new JsonObject { ["code"] = status, ["message"] = message, ["status"] = code },
        }.ToJsonString());
    }

    private static byte[] FromBase64Url(string text)
    {
        var base64 = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '='));
    }

    public async ValueTask DisposeAsync()
    {
        var host = Interlocked.Exchange(ref _host, null);
        if (host is not null)
        {
            await host.DisposeAsync();
        }
    }
}
