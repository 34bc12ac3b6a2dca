using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Sigilum.Backends.HashiCorpVault;

/// <summary>Our own Vault token: obtain (token source or login), renew before expiry, log in again when refused.</summary>
internal sealed partial class HashiCorpVaultBackend
{
    /// <summary>A token good for now, renewing or logging in first when needed; one caller at a time does the work.</summary>
    private async Task<(string? Token, BackendError? Error)> EnsureTokenAsync(CancellationToken cancellationToken)
    {
        var current = Volatile.Read(ref _token);
        var now = _context.Time.GetUtcNow();
        if (current is not null && !current.NeedsRenewal(now))
        {
            return (current.Value, null);
        }
        try
        {
            await _authLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return (null, _http.Fail(BackendErrorKind.Timeout, "the request's deadline passed while waiting to authenticate."));
        }
        try
        {
            now = _context.Time.GetUtcNow();
            current = _token;
            if (current is not null && !current.NeedsRenewal(now))
            {
                return (current.Value, null);
            }
            if (current is not null && current.Renewable && !current.IsExpired(now))
            {
                var (renewed, error) = await RenewAsync(current, cancellationToken).ConfigureAwait(false);
                if (renewed is not null)
                {
                    _token = renewed;
                    return (renewed.Value, null);
                }
                if (error!.Kind is BackendErrorKind.Timeout or BackendErrorKind.Unavailable or BackendErrorKind.Throttled)
                {
                    // Vault is slow or down, not refusing: keep using the still-valid token this time.
                    return (current.Value, null);
                }
            }
            else if (current is not null && !current.IsExpired(now) && !CanLogin)
            {
                // A non-renewable configured token keeps working until it expires.
                return (current.Value, null);
            }
            // Log in again, or re-read the configured token (the operator may have rotated it).
            var (fresh, loginError) = await ObtainAsync(cancellationToken).ConfigureAwait(false);
            _token = fresh;
            return (fresh?.Value, loginError);
        }
        finally
        {
            _authLock.Release();
        }
    }

    private void Invalidate(string token)
    {
        if (_token?.Value == token)
        {
            _token = null;
        }
    }

    /// <summary>A new token: read the configured one (and learn its TTL), or log in.</summary>
    private async Task<(VaultToken? Token, BackendError? Error)> ObtainAsync(CancellationToken cancellationToken)
    {
        if (_options.AuthMethod == "token")
        {
            var value = _options.Token!.TryRead(_context);
            if (value is null)
            {
                return (null, _http.Fail(BackendErrorKind.Misconfigured, $"no Vault token in {_options.Token.Describe()}."));
            }
            return await LookupAsync(value, cancellationToken).ConfigureAwait(false);
        }
        var body = new JsonObject();
        if (_options.AuthMethod == "approle")
        {
            var secretId = _options.SecretId!.TryRead(_context);
            if (secretId is null)
            {
                return (null, _http.Fail(BackendErrorKind.Misconfigured, $"no AppRole secret_id in {_options.SecretId.Describe()}."));
            }
            body["role_id"] = _options.RoleId;
            body["secret_id"] = secretId;
        }
        else
        {
            var jwt = _options.Jwt!.TryRead(_context);
            if (jwt is null)
            {
                return (null, _http.Fail(BackendErrorKind.Misconfigured, $"no JWT in {_options.Jwt.Describe()}."));
            }
            body["role"] = _options.Role;
            body["jwt"] = jwt;
        }
        var what = $"logging in (auth/{_options.AuthMount}/login)";
        var request = Request(HttpMethod.Post, $"auth/{_options.AuthMount}/login", token: null);
        request.Content = JsonContent.Create(body);
        return await AuthCallAsync(request, what, cancellationToken).ConfigureAwait(false);
    }

    private async Task<(VaultToken? Token, BackendError? Error)> RenewAsync(VaultToken token, CancellationToken cancellationToken)
    {
        var request = Request(HttpMethod.Post, "auth/token/renew-self", token.Value);
        request.Content = JsonContent.Create(new JsonObject());
        return await AuthCallAsync(request, "renewing our token (auth/token/renew-self)", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Login and renew-self answer <c>{"auth":{"client_token","lease_duration","renewable"}}</c>.</summary>
    private async Task<(VaultToken? Token, BackendError? Error)> AuthCallAsync(HttpRequestMessage request, string what, CancellationToken cancellationToken)
    {
        var (answer, error) = await _http.SendAsync(request, what, cancellationToken).ConfigureAwait(false);
        if (answer is null)
        {
            return (null, error);
        }
        using (answer)
        {
            // 400 from a login endpoint is Vault's "invalid role or secret ID": our credentials, not a bad answer.
            if ((int)answer.Status == 400)
            {
                return (null, _http.Fail(BackendErrorKind.Unauthorized, $"Vault refused our credentials while {what} (HTTP 400)."));
            }
            if (StatusError(answer, what) is { } statusError)
            {
                return (null, statusError);
            }
            try
            {
                using var document = JsonDocument.Parse(answer.BodyMemory);
                if (!document.RootElement.TryGetProperty("auth", out var auth) || auth.ValueKind != JsonValueKind.Object
                    || !auth.TryGetProperty("client_token", out var clientToken) || clientToken.GetString() is not { Length: > 0 } value)
                {
                    return (null, _http.Fail(BackendErrorKind.Malformed, $"the answer while {what} has no auth.client_token."));
                }
                var seconds = auth.TryGetProperty("lease_duration", out var lease) && lease.ValueKind == JsonValueKind.Number ? lease.GetInt64() : 0;
                var renewable = auth.TryGetProperty("renewable", out var r) && r.ValueKind == JsonValueKind.True;
                return (new VaultToken(value, _context.Time.GetUtcNow(), seconds > 0 ? TimeSpan.FromSeconds(seconds) : null, renewable), null);
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException)
            {
                return (null, _http.Fail(BackendErrorKind.Malformed, $"the answer while {what} is not the expected JSON."));
            }
        }
    }

    /// <summary><c>auth/token/lookup-self</c>: checks a configured token and learns its TTL and renewability.</summary>
    private async Task<(VaultToken? Token, BackendError? Error)> LookupAsync(string value, CancellationToken cancellationToken)
    {
        const string what = "checking our token (auth/token/lookup-self)";
        var (answer, error) = await _http.SendAsync(Request(HttpMethod.Get, "auth/token/lookup-self", value), what, cancellationToken).ConfigureAwait(false);
        if (answer is null)
        {
            return (null, error);
        }
        using (answer)
        {
            if (StatusError(answer, what) is { } statusError)
            {
                return (null, statusError);
            }
            try
            {
                using var document = JsonDocument.Parse(answer.BodyMemory);
                var data = document.RootElement.GetProperty("data");
                var seconds = data.TryGetProperty("ttl", out var ttl) && ttl.ValueKind == JsonValueKind.Number ? ttl.GetInt64() : 0;
                var renewable = data.TryGetProperty("renewable", out var r) && r.ValueKind == JsonValueKind.True;
                return (new VaultToken(value, _context.Time.GetUtcNow(), seconds > 0 ? TimeSpan.FromSeconds(seconds) : null, renewable), null);
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException)
            {
                return (null, _http.Fail(BackendErrorKind.Malformed, $"the answer while {what} is not the expected JSON."));
            }
        }
    }
}
