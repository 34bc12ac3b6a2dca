using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Sigilum.Testing.Fakes;

/// <summary>
/// A faithful local HashiCorp Vault (DESIGN §5): the documented HTTP API for token lookup/renewal,
/// AppRole and Kubernetes/JWT login, KV v1, KV v2 (versions), dynamic <c>creds/</c> with leases and
/// <c>sys/leases/revoke</c>. It checks <c>X-Vault-Token</c> like Vault does: unknown, revoked or expired
/// tokens get 403 <c>permission denied</c>; wrong AppRole credentials get 400. Time is the given clock.
/// </summary>
public sealed class FakeHashiCorpVault : IAsyncDisposable
{
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, TokenState> _tokens = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string SecretId, TimeSpan Ttl)> _appRoles = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string Role, string Jwt, TimeSpan Ttl)> _jwtRoles = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<Dictionary<string, string>?>> _kv2 = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, string>> _kv1 = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (Func<Dictionary<string, string>> Make, TimeSpan Ttl)> _dynamic = new(StringComparer.Ordinal);
    private readonly Dictionary<string, LeaseState> _leases = new(StringComparer.Ordinal);
    private FakeHost? _host;

    public FakeHashiCorpVault(TimeProvider time) => _time = time;

    public FakeHost Host => _host ?? throw new InvalidOperationException("Start the fake first.");

    public Uri BaseUri => Host.BaseUri;

    /// <summary>When set, every request must carry this <c>X-Vault-Namespace</c> (Enterprise namespaces).</summary>
    public string? RequiredNamespace { get; set; }

    public int Logins { get; private set; }

    public int Renewals { get; private set; }

    /// <summary>Starts on plain HTTP, or HTTPS with <paramref name="certificate"/> (a private-CA deployment).</summary>
    public static async Task<FakeHashiCorpVault> StartAsync(TimeProvider time, System.Security.Cryptography.X509Certificates.X509Certificate2? certificate = null)
    {
        var vault = new FakeHashiCorpVault(time);
        vault._host = await FakeHost.StartAsync(vault.HandleAsync, certificate);
        return vault;
    }

    /// <summary>A token Vault knows, valid for <paramref name="ttl"/> (null = never expires).</summary>
    public string IssueToken(TimeSpan? ttl = null, bool renewable = true)
    {
        var token = "hvs." + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        lock (_gate)
        {
            _tokens[token] = new TokenState(ttl, renewable, _time.GetUtcNow());
        }
        return token;
    }

    public void RevokeToken(string token)
    {
        lock (_gate)
        {
            _tokens[token].Revoked = true;
        }
    }

    /// <summary>Revokes every token (as if an operator ran <c>vault token revoke</c> on them).</summary>
    public void RevokeAllTokens()
    {
        lock (_gate)
        {
            foreach (var state in _tokens.Values)
            {
                state.Revoked = true;
            }
        }
    }

    public void AddAppRole(string roleId, string secretId, TimeSpan tokenTtl)
    {
        lock (_gate)
        {
            _appRoles[roleId] = (secretId, tokenTtl);
        }
    }

    /// <summary>A Kubernetes or JWT role on <paramref name="mount"/> that accepts exactly <paramref name="jwt"/>.</summary>
    public void AddJwtRole(string mount, string role, string jwt, TimeSpan tokenTtl)
    {
        lock (_gate)
        {
            _jwtRoles[mount + "/" + role] = (role, jwt, tokenTtl);
        }
    }

    /// <summary>Writes a new KV v2 version at <c>{mount}/data/{path}</c>; returns its version number.</summary>
    public int PutKv2(string mount, string path, Dictionary<string, string> data)
    {
        lock (_gate)
        {
            var key = mount + "/" + path;
            if (!_kv2.TryGetValue(key, out var versions))
            {
                _kv2[key] = versions = [];
            }
            versions.Add(data);
            return versions.Count;
        }
    }

    public void DestroyKv2Version(string mount, string path, int version)
    {
        lock (_gate)
        {
            _kv2[mount + "/" + path][version - 1] = null;
        }
    }

    public void PutKv1(string mount, string path, Dictionary<string, string> data)
    {
        lock (_gate)
        {
            _kv1[mount + "/" + path] = data;
        }
    }

    /// <summary>A dynamic role at <c>{mount}/creds/{role}</c>: each read makes new values under a new lease.</summary>
    public void AddDynamicRole(string mount, string role, Func<Dictionary<string, string>> make, TimeSpan leaseTtl)
    {
        lock (_gate)
        {
            _dynamic[mount + "/creds/" + role] = (make, leaseTtl);
        }
    }

    public IReadOnlyList<string> RevokedLeases
    {
        get
        {
            lock (_gate)
            {
                return [.. _leases.Where(l => l.Value.Revoked).Select(l => l.Key)];
            }
        }
    }

    public IReadOnlyList<string> Leases
    {
        get
        {
            lock (_gate)
            {
                return [.. _leases.Keys];
            }
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var path = request.Path.Value ?? string.Empty;
        if (!path.StartsWith("/v1/", StringComparison.Ordinal))
        {
            await WriteAsync(context, 404, Errors());
            return;
        }
        path = path["/v1/".Length..];
        if (RequiredNamespace is not null && request.Headers["X-Vault-Namespace"] != RequiredNamespace)
        {
            // Outside its namespace a token does not exist, as far as Vault is concerned.
            await WriteAsync(context, 403, Errors("permission denied"));
            return;
        }
        var body = await ReadJsonAsync(request);
        if (request.Method == "POST" && path.StartsWith("auth/", StringComparison.Ordinal) && path.EndsWith("/login", StringComparison.Ordinal))
        {
            await LoginAsync(context, path["auth/".Length..^"/login".Length], body);
            return;
        }
        var token = request.Headers["X-Vault-Token"].ToString();
        TokenState? state;
        lock (_gate)
        {
            state = _tokens.GetValueOrDefault(token);
        }
        if (state is null || state.Revoked || state.ExpiresAt is { } expires && _time.GetUtcNow() >= expires)
        {
            await WriteAsync(context, 403, Errors("permission denied"));
            return;
        }
        switch (request.Method, path)
        {
            case ("GET", "auth/token/lookup-self"):
                await WriteAsync(context, 200, new JsonObject
                {
                    ["data"] = new JsonObject
                    {
                        ["ttl"] = state.ExpiresAt is { } e ? (long)(e - _time.GetUtcNow()).TotalSeconds : 0,
                        ["renewable"] = state.Renewable,
                        ["policies"] = new JsonArray("default"),
                    },
                });
                return;
            case ("POST" or "PUT", "auth/token/renew-self"):
                if (!state.Renewable)
                {
                    await WriteAsync(context, 400, Errors("lease is not renewable"));
                    return;
                }
                lock (_gate)
                {
                    state.IssuedAt = _time.GetUtcNow();
                    Renewals++;
                }
                await WriteAsync(context, 200, Auth(token, state));
                return;
            case ("POST" or "PUT", "sys/leases/revoke"):
                var leaseId = body?["lease_id"]?.GetValue<string>();
                lock (_gate)
                {
                    if (leaseId is null || !_leases.TryGetValue(leaseId, out var lease))
                    {
                        leaseId = null;
                    }
                    else
                    {
                        lease.Revoked = true;
                    }
                }
                context.Response.StatusCode = leaseId is null ? 400 : 204;
                return;
            case ("GET", _):
                await ReadSecretAsync(context, path);
                return;
            default:
                await WriteAsync(context, 405, Errors());
                return;
        }
    }

    private async Task LoginAsync(HttpContext context, string mount, JsonNode? body)
    {
        TimeSpan? ttl = null;
        lock (_gate)
        {
            if (mount == "approle")
            {
                var roleId = body?["role_id"]?.GetValue<string>() ?? string.Empty;
                var secretId = body?["secret_id"]?.GetValue<string>();
                if (_appRoles.TryGetValue(roleId, out var role) && role.SecretId == secretId)
                {
                    ttl = role.Ttl;
                }
            }
            else
            {
                var role = body?["role"]?.GetValue<string>() ?? string.Empty;
                var jwt = body?["jwt"]?.GetValue<string>();
                if (_jwtRoles.TryGetValue(mount + "/" + role, out var bound) && bound.Jwt == jwt)
                {
                    ttl = bound.Ttl;
                }
            }
        }
        if (ttl is null)
        {
            await WriteAsync(context, 400, Errors("invalid role or secret ID"));
            return;
        }
        var token = IssueToken(ttl, renewable: true);
        TokenState state;
        lock (_gate)
        {
            Logins++;
            state = _tokens[token];
        }
        await WriteAsync(context, 200, Auth(token, state));
    }

    private async Task ReadSecretAsync(HttpContext context, string path)
    {
        var segments = path.Split('/');
        JsonObject? answer = null;
        lock (_gate)
        {
            if (segments.Length >= 3 && segments[1] == "data" && _kv2.TryGetValue(segments[0] + "/" + string.Join('/', segments[2..]), out var versions))
            {
                var wanted = context.Request.Query["version"].ToString();
                var number = wanted.Length > 0 ? int.Parse(wanted, CultureInfo.InvariantCulture) : versions.Count;
                if (number >= 1 && number <= versions.Count)
                {
                    var data = versions[number - 1];
                    answer = Envelope(new JsonObject
                    {
                        ["data"] = data is null ? null : ToJson(data),
                        ["metadata"] = new JsonObject { ["version"] = number, ["destroyed"] = data is null },
                    }, leaseId: string.Empty, ttl: TimeSpan.Zero);
                }
            }
            else if (_dynamic.TryGetValue(path, out var role))
            {
                var leaseId = path + "/" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
                _leases[leaseId] = new LeaseState(_time.GetUtcNow() + role.Ttl);
                answer = Envelope(ToJson(role.Make()), leaseId, role.Ttl);
            }
            else if (_kv1.TryGetValue(path, out var kv1))
            {
                answer = Envelope(ToJson(kv1), string.Empty, TimeSpan.FromHours(768));
            }
        }
        await WriteAsync(context, answer is null ? 404 : 200, answer ?? Errors());
    }

    private static JsonObject Envelope(JsonObject data, string leaseId, TimeSpan ttl) => new()
    {
        ["request_id"] = Guid.NewGuid().ToString(),
        ["lease_id"] = leaseId,
        ["renewable"] = leaseId.Length > 0,
        ["lease_duration"] = (long)ttl.TotalSeconds,
        ["data"] = data,
    };

    private static JsonObject Auth(string token, TokenState state) => new()
    {
        ["auth"] = new JsonObject
        {
            ["client_token"] = token,
            ["lease_duration"] = state.Ttl is { } ttl ? (long)ttl.TotalSeconds : 0,
            ["renewable"] = state.Renewable,
            ["policies"] = new JsonArray("default"),
        },
    };

    private static JsonObject ToJson(Dictionary<string, string> data)
    {
        var json = new JsonObject();
        foreach (var (key, value) in data)
        {
            json[key] = value;
        }
        return json;
    }

    private static JsonObject Errors(params string[] errors) => new() { ["errors"] = new JsonArray([.. errors.Select(e => (JsonNode)e)]) };

    private static async Task<JsonNode?> ReadJsonAsync(HttpRequest request)
    {
        if (request.ContentLength is null or 0 && !request.Headers.ContainsKey("Transfer-Encoding"))
        {
            return null;
        }
        try
        {
            return await JsonNode.ParseAsync(request.Body);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static async Task WriteAsync(HttpContext context, int status, JsonObject body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
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

    private sealed class TokenState(TimeSpan? ttl, bool renewable, DateTimeOffset issuedAt)
    {
        public TimeSpan? Ttl { get; } = ttl;

        public bool Renewable { get; } = renewable;

        public DateTimeOffset IssuedAt { get; set; } = issuedAt;

        public bool Revoked { get; set; }

        public DateTimeOffset? ExpiresAt => Ttl is { } t ? IssuedAt + t : null;
    }

    private sealed class LeaseState(DateTimeOffset expiresAt)
    {
        public DateTimeOffset ExpiresAt { get; } = expiresAt;

        public bool Revoked { get; set; }
    }
}
