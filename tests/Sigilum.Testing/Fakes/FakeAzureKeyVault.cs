using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Sigilum.Testing.Fakes;

/// <summary>
/// A faithful local Azure Key Vault plus its token issuers on one port (DESIGN §5): the vault
/// (<c>/secrets/…?api-version=7.4</c>) answers any call without a valid bearer token with 401 and the
/// <c>WWW-Authenticate: Bearer authorization="…", resource="…"</c> challenge; Entra ID's v2 token endpoint
/// (<c>/{tenant}/oauth2/v2.0/token</c>, client credentials) and the managed-identity endpoint
/// (<c>/metadata/identity/oauth2/token</c>, requires <c>Metadata: true</c>) issue tokens the vault then
/// accepts only for its resource and only until they expire on the given clock.
/// </summary>
public sealed class FakeAzureKeyVault : IAsyncDisposable
{
    public const string Tenant = "11111111-2222-3333-4444-555555555555";
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, string> _clients = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string Resource, DateTimeOffset Expires)> _tokens = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<(string Version, string Value)>> _secrets = new(StringComparer.OrdinalIgnoreCase);
    private FakeHost? _host;

    private FakeAzureKeyVault(TimeProvider time) => _time = time;

    public FakeHost Host => _host ?? throw new InvalidOperationException("Start the fake first.");

    public Uri VaultUri => Host.BaseUri;

    /// <summary>The audience Key Vault tokens must carry (real: https://vault.azure.net).</summary>
    public string Resource => $"{Host.BaseUri.Scheme}://{Host.BaseUri.Host}";

    public Uri Authority => Host.BaseUri;

    public Uri ImdsEndpoint => new(Host.BaseUri, "/metadata/identity/oauth2/token");

    public bool ManagedIdentityEnabled { get; set; }

    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(1);

    public int TokensIssued { get; private set; }

    /// <summary>Overrides the challenge's resource (to test that we refuse a foreign audience).</summary>
    public string? ChallengeResource { get; set; }

    public static async Task<FakeAzureKeyVault> StartAsync(TimeProvider time)
    {
        var vault = new FakeAzureKeyVault(time);
        vault._host = await FakeHost.StartAsync(vault.HandleAsync);
        return vault;
    }

    public void AddClient(string clientId, string clientSecret)
    {
        lock (_gate)
        {
            _clients[clientId] = clientSecret;
        }
    }

    /// <summary>Adds a new current version; returns its 32-hex-digit version id.</summary>
    public string SetSecret(string name, string value)
    {
        var version = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        lock (_gate)
        {
            if (!_secrets.TryGetValue(name, out var versions))
            {
                _secrets[name] = versions = [];
            }
            versions.Add((version, value));
        }
        return version;
    }

    /// <summary>Forgets every issued token (as if they had been revoked).</summary>
    public void RevokeAllTokens()
    {
        lock (_gate)
        {
            _tokens.Clear();
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? string.Empty;
        if (context.Request.Method == "POST" && path == $"/{Tenant}/oauth2/v2.0/token")
        {
            await ClientCredentialsAsync(context);
        }
        else if (path.EndsWith("/oauth2/v2.0/token", StringComparison.Ordinal))
        {
            await WriteAsync(context, 400, new JsonObject { ["error"] = "invalid_request", ["error_description"] = "AADSTS90002: Tenant not found." });
        }
        else if (path == "/metadata/identity/oauth2/token")
        {
            await ManagedIdentityAsync(context);
        }
        else if (path.StartsWith("/secrets", StringComparison.Ordinal))
        {
            await VaultAsync(context, path);
        }
        else
        {
            context.Response.StatusCode = 404;
        }
    }

    private async Task ClientCredentialsAsync(HttpContext context)
    {
        var form = await context.Request.ReadFormAsync();
        string? expected;
        lock (_gate)
        {
            expected = _clients.GetValueOrDefault(form["client_id"].ToString());
        }
        if (form["grant_type"] != "client_credentials" || expected is null || expected != form["client_secret"])
        {
            await WriteAsync(context, 401, new JsonObject { ["error"] = "invalid_client", ["error_description"] = "AADSTS7000215: Invalid client secret provided." });
            return;
        }
        var scope = form["scope"].ToString();
        if (!scope.EndsWith("/.default", StringComparison.Ordinal))
        {
            await WriteAsync(context, 400, new JsonObject { ["error"] = "invalid_scope" });
            return;
        }
        var token = Issue(scope[..^"/.default".Length]);
        await WriteAsync(context, 200, new JsonObject
        {
            ["token_type"] = "Bearer",
            ["expires_in"] = (long)TokenLifetime.TotalSeconds,
            ["access_token"] = token,
        });
    }

    private async Task ManagedIdentityAsync(HttpContext context)
    {
        if (context.Request.Headers["Metadata"] != "true")
        {
            await WriteAsync(context, 400, new JsonObject { ["error"] = "invalid_request", ["error_description"] = "Required metadata header not specified" });
            return;
        }
        if (!ManagedIdentityEnabled)
        {
            await WriteAsync(context, 400, new JsonObject { ["error"] = "invalid_request", ["error_description"] = "Identity not found" });
            return;
        }
        var resource = context.Request.Query["resource"].ToString();
        var token = Issue(resource);
        // IMDS sends its numbers as strings.
        await WriteAsync(context, 200, new JsonObject
        {
            ["access_token"] = token,
            ["expires_in"] = ((long)TokenLifetime.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["expires_on"] = _time.GetUtcNow().Add(TokenLifetime).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["resource"] = resource,
            ["token_type"] = "Bearer",
        });
    }

    private string Issue(string resource)
    {
        var token = "eyJ0eXAi." + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        lock (_gate)
        {
            _tokens[token] = (resource.TrimEnd('/'), _time.GetUtcNow().Add(TokenLifetime));
            TokensIssued++;
        }
        return token;
    }

    private async Task VaultAsync(HttpContext context, string path)
    {
        var authorization = context.Request.Headers.Authorization.ToString();
        var bearer = authorization.StartsWith("Bearer ", StringComparison.Ordinal) ? authorization["Bearer ".Length..] : null;
        bool valid;
        lock (_gate)
        {
            valid = bearer is not null && _tokens.TryGetValue(bearer, out var issued) && issued.Resource == Resource && _time.GetUtcNow() < issued.Expires;
        }
        if (!valid)
        {
            context.Response.Headers.WWWAuthenticate =
                $"Bearer authorization=\"{Authority}{Tenant}\", resource=\"{ChallengeResource ?? Resource}\"";
            await WriteAsync(context, 401, new JsonObject { ["error"] = new JsonObject { ["code"] = "Unauthorized", ["message"] = "AKV10000: Request is missing a Bearer or PoP token." } });
            return;
        }
        if (context.Request.Query["api-version"] != "7.4")
        {
            await WriteAsync(context, 400, new JsonObject { ["error"] = new JsonObject { ["code"] = "BadParameter" } });
            return;
        }
        var segments = path.Trim('/').Split('/');
        if (segments.Length == 1)
        {
            await WriteAsync(context, 200, new JsonObject { ["value"] = new JsonArray(), ["nextLink"] = null });
            return;
        }
        (string Version, string Value)? found = null;
        lock (_gate)
        {
            if (_secrets.TryGetValue(segments[1], out var versions))
            {
                found = segments.Length == 3 ? versions.FirstOrDefault(v => v.Version == segments[2]) : versions[^1];
                if (found is { Version: null })
                {
                    found = null;
                }
            }
        }
        if (found is null)
        {
            await WriteAsync(context, 404, new JsonObject { ["error"] = new JsonObject { ["code"] = "SecretNotFound", ["message"] = "A secret with (name/id) was not found in this key vault." } });
            return;
        }
        await WriteAsync(context, 200, new JsonObject
        {
            ["value"] = found.Value.Value,
            ["id"] = new Uri(VaultUri, $"/secrets/{segments[1]}/{found.Value.Version}").ToString(),
            ["attributes"] = new JsonObject { ["enabled"] = true, ["recoveryLevel"] = "Recoverable+Purgeable" },
        });
    }

    private static async Task WriteAsync(HttpContext context, int status, JsonObject body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.WriteAsync(body.ToJsonString());
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
