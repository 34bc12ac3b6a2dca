using System.Globalization;
using System.Text.Json;

namespace Sigilum.Backends.Azure;

/// <summary>Bearer tokens from Entra ID (client credentials, v2 endpoint) or the managed-identity endpoint.</summary>
internal sealed partial class AzureKeyVaultBackend
{
    private async Task<(AccessToken? Token, BackendError? Error)> TokenAsync(BearerChallenge challenge, CancellationToken cancellationToken)
    {
        var now = _context.Time.GetUtcNow();
        var current = Volatile.Read(ref _token);
        if (current is not null && current.Resource == challenge.Resource && current.IsFresh(now))
        {
            return (current, null);
        }
        try
        {
            await _tokenLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return (null, _http.Fail(BackendErrorKind.Timeout, "the request's deadline passed while waiting for a token."));
        }
        try
        {
            current = _token;
            if (current is not null && current.Resource == challenge.Resource && current.IsFresh(_context.Time.GetUtcNow()))
            {
                return (current, null);
            }
            var (fresh, error) = _options.Auth == "client_secret"
                ? await ClientCredentialsAsync(challenge.Resource, cancellationToken).ConfigureAwait(false)
                : await ManagedIdentityAsync(challenge.Resource, cancellationToken).ConfigureAwait(false);
            _token = fresh;
            return (fresh, error);
        }
        finally
        {
            _tokenLock.Release();
        }
    }

    /// <summary><c>POST {authority}/{tenant}/oauth2/v2.0/token</c>, grant <c>client_credentials</c>, scope <c>{resource}/.default</c>.</summary>
    private async Task<(AccessToken? Token, BackendError? Error)> ClientCredentialsAsync(string resource, CancellationToken cancellationToken)
    {
        var secret = _options.ClientSecret!.TryRead(_context);
        if (secret is null)
        {
            return (null, _http.Fail(BackendErrorKind.Misconfigured, $"no client secret in {_options.ClientSecret.Describe()}."));
        }
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_options.Authority, $"{_options.TenantId}/oauth2/v2.0/token"))
        {
            Content = new FormUrlEncodedContent(
            [
                new("grant_type", "client_credentials"),
                new("client_id", _options.ClientId!),
                new("client_secret", secret),
                new("scope", resource + "/.default"),
            ]),
        };
        return await TokenCallAsync(request, resource, "getting a token from Entra ID", cancellationToken).ConfigureAwait(false);
    }

    /// <summary><c>GET {imds}?api-version=2018-02-01&amp;resource=…</c> with <c>Metadata: true</c> (the SSRF guard IMDS requires).</summary>
    private async Task<(AccessToken? Token, BackendError? Error)> ManagedIdentityAsync(string resource, CancellationToken cancellationToken)
    {
        var query = $"?api-version=2018-02-01&resource={Uri.EscapeDataString(resource)}";
        if (_options.ClientId is not null)
        {
            query += $"&client_id={Uri.EscapeDataString(_options.ClientId)}";
        }
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_options.ImdsEndpoint + query));
        request.Headers.TryAddWithoutValidation("Metadata", "true");
        return await TokenCallAsync(request, resource, "getting a managed-identity token", cancellationToken).ConfigureAwait(false);
    }

    private async Task<(AccessToken? Token, BackendError? Error)> TokenCallAsync(HttpRequestMessage request, string resource, string what, CancellationToken cancellationToken)
    {
        var (answer, error) = await _http.SendAsync(request, what, cancellationToken).ConfigureAwait(false);
        if (answer is null)
        {
            return (null, error);
        }
        using (answer)
        {
            // Entra ID answers a bad client id or secret with 400/401 {"error":"invalid_client"}: our credentials.
            if ((int)answer.Status is 400 or 401)
            {
                return (null, _http.Fail(BackendErrorKind.Unauthorized, $"the identity provider refused our credentials while {what} (HTTP {(int)answer.Status})."));
            }
            if (_http.StatusError(answer, what) is { } statusError)
            {
                return (null, statusError);
            }
            try
            {
                using var document = JsonDocument.Parse(answer.BodyMemory);
                var root = document.RootElement;
                var token = root.GetProperty("access_token").GetString();
                var now = _context.Time.GetUtcNow();
                DateTimeOffset? expires = null;
                if (root.TryGetProperty("expires_in", out var expiresIn) && Number(expiresIn) is { } seconds)
                {
                    expires = now.AddSeconds(seconds);
                }
                else if (root.TryGetProperty("expires_on", out var expiresOn) && Number(expiresOn) is { } unix)
                {
                    expires = DateTimeOffset.FromUnixTimeSeconds(unix);
                }
                if (string.IsNullOrEmpty(token) || expires is null || expires <= now)
                {
                    return (null, _http.Fail(BackendErrorKind.Malformed, $"the answer while {what} has no usable access_token and expiry."));
                }
                return (new AccessToken(token, resource, expires.Value), null);
            }
            catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
            {
                return (null, _http.Fail(BackendErrorKind.Malformed, $"the answer while {what} is not the expected JSON."));
            }
        }
    }

    /// <summary>IMDS sends numbers as strings ("expires_in": "3599"); Entra ID as numbers.</summary>
    private static long? Number(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Number when element.TryGetInt64(out var n) => n,
        JsonValueKind.String when long.TryParse(element.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var s) => s,
        _ => null,
    };
}
