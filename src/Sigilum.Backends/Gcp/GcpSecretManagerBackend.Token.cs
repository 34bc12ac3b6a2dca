using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Sigilum.Backends.Gcp;

/// <summary>The OAuth access token: JWT-bearer grant (RFC 7523 §2.1) with an RS256 assertion (RFC 7515) from the service-account key.</summary>
internal sealed partial class GcpSecretManagerBackend
{
    private async Task<(string? Token, BackendError? Error)> TokenAsync(CancellationToken cancellationToken)
    {
        if (_token is { } cached && _context.Time.GetUtcNow() < cached.ExpiresAt - TimeSpan.FromMinutes(5))
        {
            return (cached.Value, null);
        }
        try
        {
            await _tokenLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return (null, _http.Fail(BackendErrorKind.Timeout, "the request's deadline passed while waiting for an access token."));
        }
        try
        {
            var now = _context.Time.GetUtcNow();
            if (_token is { } again && now < again.ExpiresAt - TimeSpan.FromMinutes(5))
            {
                return (again.Value, null);
            }
            var json = _credentials.TryRead(_context);
            if (json is null)
            {
                return (null, _http.Fail(BackendErrorKind.Misconfigured, $"no service-account key in {_credentials.Describe()}."));
            }
            var (key, problem) = ServiceAccountKey.Parse(json);
            if (key is null)
            {
                return (null, _http.Fail(BackendErrorKind.Misconfigured, $"{problem} ({_credentials.Describe()})."));
            }
            var request = new HttpRequestMessage(HttpMethod.Post, key.TokenUri)
            {
                Content = new FormUrlEncodedContent(
                [
                    new("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer"),
                    new("assertion", Assertion(key, now)),
                ]),
            };
            const string what = "getting an access token with the service-account key";
            var (answer, error) = await _http.SendAsync(request, what, cancellationToken).ConfigureAwait(false);
            if (answer is null)
            {
                return (null, error);
            }
            using (answer)
            {
                // Google answers a bad assertion (signature, unknown key, clock) with 400 invalid_grant: our credentials.
                if ((int)answer.Status is 400 or 401)
                {
                    return (null, _http.Fail(BackendErrorKind.Unauthorized, $"Google refused our service-account assertion while {what} (HTTP {(int)answer.Status})."));
                }
                if (_http.StatusError(answer, what) is { } statusError)
                {
                    return (null, statusError);
                }
                try
                {
                    using var document = JsonDocument.Parse(answer.BodyMemory);
                    var token = document.RootElement.GetProperty("access_token").GetString();
                    var seconds = document.RootElement.GetProperty("expires_in").GetInt64();
                    if (string.IsNullOrEmpty(token) || seconds <= 0)
                    {
                        return (null, _http.Fail(BackendErrorKind.Malformed, $"the answer while {what} has no usable access_token."));
                    }
                    _token = (token, now.AddSeconds(seconds));
                    return (token, null);
                }
                catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
                {
                    return (null, _http.Fail(BackendErrorKind.Malformed, $"the answer while {what} is not the expected JSON."));
                }
            }
        }
        finally
        {
            _tokenLock.Release();
        }
    }

    /// <summary>header.claims.signature with iss = the service account, aud = token_uri, one hour of validity.</summary>
    private static string Assertion(ServiceAccountKey key, DateTimeOffset now)
    {
        var header = key.PrivateKeyId is null
            ? Base64UrlJson(new Dictionary<string, string> { ["alg"] = "RS256", ["typ"] = "JWT" })
            : Base64UrlJson(new Dictionary<string, string> { ["alg"] = "RS256", ["typ"] = "JWT", ["kid"] = key.PrivateKeyId });
        var issuedAt = now.ToUnixTimeSeconds();
        var claims = Base64UrlJson(new Dictionary<string, object>
        {
            ["iss"] = key.ClientEmail,
            ["scope"] = Scope,
            ["aud"] = key.TokenUri.ToString(),
            ["iat"] = issuedAt,
            ["exp"] = issuedAt + 3600,
        });
        var signingInput = header + "." + claims;
        using var rsa = RSA.Create();
        rsa.ImportFromPem(key.PrivateKeyPem);
        var signature = rsa.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return signingInput + "." + Base64Url(signature);
    }
}
