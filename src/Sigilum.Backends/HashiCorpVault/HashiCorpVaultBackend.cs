using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sigilum.Backends.Http;
using Sigilum.Backends.Json;
using Sigilum.Backends.Options;

namespace Sigilum.Backends.HashiCorpVault;

/// <summary>
/// <c>hashicorp-vault</c>: KV v1/v2 and dynamic secrets from a HashiCorp Vault (or OpenBao) over its
/// HTTP API. Authenticates with a token, AppRole or Kubernetes/JWT login, renews its token
/// (<c>auth/token/renew-self</c>) once two thirds of the TTL have passed and logs in again when renewal
/// is refused; a token Vault rejects mid-flight (revoked, 403) triggers one fresh login and retry.
/// </summary>
internal sealed partial class HashiCorpVaultBackend : ICredentialBackend
{
    public const string KindName = "hashicorp-vault";

    private readonly VaultOptions _options;
    private readonly BackendContext _context;
    private readonly BackendHttp _http;
    private readonly SemaphoreSlim _authLock = new(1, 1);
    private readonly ConcurrentDictionary<Task, byte> _revocations = new();
    private VaultToken? _token;

    private HashiCorpVaultBackend(string name, VaultOptions options, BackendContext context)
    {
        Name = name;
        _options = options;
        _context = context;
        _http = new BackendHttp(name, context, options.Timeout, options.TrustedRoots);
    }

    public string Name { get; }

    public string Kind => KindName;

    internal VaultOptions Options => _options;

    /// <summary>Lease revocations started by disposed revoke-after-use credentials (tests await them).</summary>
    internal Task PendingRevocations => Task.WhenAll(_revocations.Keys);

    public static (ICredentialBackend? Backend, IReadOnlyList<string> Errors) Create(BackendDefinition definition, BackendContext context)
    {
        var reader = new OptionReader(definition);
        var options = VaultOptions.Parse(reader);
        reader.RejectUnknown();
        if (options is null || reader.HasErrors)
        {
            return (null, reader.Errors);
        }
        return (new HashiCorpVaultBackend(definition.Name, options, context), []);
    }

    public async Task<BackendResult> FetchAsync(string reference, CancellationToken cancellationToken)
    {
        var (parsed, problem) = VaultReference.Parse(reference);
        if (parsed is null)
        {
            return _http.Fail(BackendErrorKind.NotFound, $"reference '{Safe(reference)}' is not valid: {problem}.");
        }
        var what = $"reading '{parsed.Path}'";
        for (var attempt = 0; ; attempt++)
        {
            var (token, authError) = await EnsureTokenAsync(cancellationToken).ConfigureAwait(false);
            if (token is null)
            {
                return authError!;
            }
            var path = parsed.Version is { } v ? $"{parsed.Path}?version={v.ToString(CultureInfo.InvariantCulture)}" : parsed.Path;
            var (answer, error) = await _http.SendAsync(Request(HttpMethod.Get, path, token), what, cancellationToken).ConfigureAwait(false);
            if (answer is null)
            {
                return error!;
            }
            using (answer)
            {
                // A token revoked or expired behind our back: log in again once (BKD-06), then give up.
                if (answer.Status == HttpStatusCode.Forbidden && attempt == 0 && CanLogin)
                {
                    Invalidate(token);
                    continue;
                }
                if (StatusError(answer, what) is { } statusError)
                {
                    return statusError;
                }
                return Read(parsed, answer, what);
            }
        }
    }

    public async Task<BackendError?> TestAsync(CancellationToken cancellationToken)
    {
        var (token, authError) = await EnsureTokenAsync(cancellationToken).ConfigureAwait(false);
        if (token is null)
        {
            return authError;
        }
        const string what = "checking our token (auth/token/lookup-self)";
        var (answer, error) = await _http.SendAsync(Request(HttpMethod.Get, "auth/token/lookup-self", token), what, cancellationToken).ConfigureAwait(false);
        if (answer is null)
        {
            return error;
        }
        using (answer)
        {
            return StatusError(answer, what);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await PendingRevocations.ConfigureAwait(false);
        _http.Dispose();
        _authLock.Dispose();
    }

    private bool CanLogin => _options.AuthMethod != "token";

    private BackendResult Read(VaultReference reference, HttpAnswer answer, string what)
    {
        return _http.ReadJson(answer, what, root =>
        {
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object)
            {
                return _http.Fail(BackendErrorKind.Malformed, $"the answer while {what} has no 'data' object.");
            }
            string? version = null;
            if (reference.Engine == VaultEngine.KvV2)
            {
                // KV v2 wraps the secret: data.data is the value, data.metadata.version its version.
                if (data.TryGetProperty("metadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object
                    && metadata.TryGetProperty("version", out var versionElement) && versionElement.ValueKind == JsonValueKind.Number)
                {
                    version = versionElement.GetInt64().ToString(CultureInfo.InvariantCulture);
                }
                if (!data.TryGetProperty("data", out var inner) || inner.ValueKind == JsonValueKind.Null)
                {
                    return _http.Fail(BackendErrorKind.NotFound, $"nothing found while {what}: the version is deleted or destroyed.");
                }
                if (inner.ValueKind != JsonValueKind.Object)
                {
                    return _http.Fail(BackendErrorKind.Malformed, $"the answer while {what} has no 'data.data' object (is the mount KV v2?).");
                }
                if (reference.Version is { } wanted && version != wanted.ToString(CultureInfo.InvariantCulture))
                {
                    // BKD-08: never pass on a different version than the one asked for.
                    return _http.Fail(BackendErrorKind.Malformed, $"the answer while {what} is version {version ?? "unknown"}, not {wanted}.");
                }
                data = inner;
            }
            var (value, problem) = JsonSecret.Select(data, reference.Field);
            if (problem is not null)
            {
                return _http.Fail(BackendErrorKind.NotFound, $"{problem} (while {what}).");
            }
            var leaseId = root.TryGetProperty("lease_id", out var lease) && lease.ValueKind == JsonValueKind.String && lease.GetString() is { Length: > 0 } id ? id : null;
            var leaseSeconds = root.TryGetProperty("lease_duration", out var duration) && duration.ValueKind == JsonValueKind.Number ? duration.GetInt64() : 0;
            var ttl = leaseSeconds > 0 ? TimeSpan.FromSeconds(leaseSeconds) : _options.CacheTtl;
            var cacheable = reference.Engine == VaultEngine.Dynamic ? !_options.RevokeAfterUse && leaseId is not null : _options.CacheTtl is not null;
            if (reference.Engine != VaultEngine.Dynamic && _options.CacheTtl is { } cacheTtl && (ttl is null || cacheTtl < ttl))
            {
                ttl = cacheTtl;
            }
            var meta = new CredentialMetadata(ttl, version, leaseId, cacheable);
            var bytes = JsonSecret.ToPinnedUtf8(value);
            if (bytes is null || bytes.Length == 0)
            {
                if (bytes is not null)
                {
                    Array.Clear(bytes);
                }
                return _http.Fail(BackendErrorKind.Malformed, $"the selected value while {what} is empty or not a scalar.");
            }
            try
            {
                if (_options.RevokeAfterUse && leaseId is not null)
                {
                    return BackendResult.Success(new Credential(bytes, meta, () => StartRevocation(leaseId)));
                }
                return BackendResult.Success(new Credential(bytes, meta));
            }
            finally
            {
                Array.Clear(bytes);
            }
        });
    }

    private void StartRevocation(string leaseId)
    {
        var task = RevokeAsync(leaseId);
        _revocations.TryAdd(task, 0);
        _ = task.ContinueWith(t => _revocations.TryRemove(t, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary><c>PUT sys/leases/revoke</c>; the caller is done, so this runs on the backend's own time cap.</summary>
    internal async Task<BackendError?> RevokeAsync(string leaseId)
    {
        var (token, authError) = await EnsureTokenAsync(CancellationToken.None).ConfigureAwait(false);
        if (token is null)
        {
            return authError;
        }
        var request = Request(HttpMethod.Put, "sys/leases/revoke", token);
        request.Content = JsonContent.Create(new JsonObject { ["lease_id"] = leaseId });
        var (answer, error) = await _http.SendAsync(request, "revoking a lease", CancellationToken.None).ConfigureAwait(false);
        if (answer is null)
        {
            return error;
        }
        using (answer)
        {
            return StatusError(answer, "revoking a lease");
        }
    }

    private BackendError? StatusError(HttpAnswer answer, string what) => (int)answer.Status switch
    {
        // 473: performance standby that cannot serve this; 503: sealed. Both mean "not now" (BKD-02).
        473 => _http.Fail(BackendErrorKind.Unavailable, $"Vault is a standby that cannot answer while {what} (HTTP 473)."),
        503 => _http.Fail(BackendErrorKind.Unavailable, $"Vault is sealed or unavailable while {what} (HTTP 503)."),
        _ => _http.StatusError(answer, what),
    };

    private HttpRequestMessage Request(HttpMethod method, string path, string? token)
    {
        var request = new HttpRequestMessage(method, new Uri(_options.Address, "/v1/" + path));
        if (token is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Vault-Token", token);
        }
        if (_options.Namespace is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Vault-Namespace", _options.Namespace);
        }
        request.Headers.TryAddWithoutValidation("X-Vault-Request", "true");
        return request;
    }

    private static string Safe(string text) => text.Length > 80 ? text[..80] + "…" : text;
}
