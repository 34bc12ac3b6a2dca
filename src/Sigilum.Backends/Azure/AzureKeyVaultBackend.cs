using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;
using Sigilum.Backends.Http;
using Sigilum.Backends.Json;
using Sigilum.Backends.Options;

namespace Sigilum.Backends.Azure;

/// <summary>
/// <c>azure-key-vault</c>: <c>GET {vault}/secrets/{name}[/{version}]?api-version=7.4</c> with the bearer
/// challenge flow: the first call goes out without a token, Key Vault answers 401 with the resource to
/// ask for, and we get a token from Entra ID (client credentials) or the managed-identity endpoint (IMDS),
/// then repeat. A token Key Vault stops accepting is replaced once per call.
/// </summary>
internal sealed partial class AzureKeyVaultBackend : ICredentialBackend
{
    public const string KindName = "azure-key-vault";

    private readonly AzureKeyVaultOptions _options;
    private readonly BackendContext _context;
    private readonly BackendHttp _http;
    private readonly SemaphoreSlim _tokenLock = new(1, 1);
    private BearerChallenge? _challenge;
    private AccessToken? _token;

    private AzureKeyVaultBackend(string name, AzureKeyVaultOptions options, BackendContext context)
    {
        Name = name;
        _options = options;
        _context = context;
        _http = new BackendHttp(name, context, options.Timeout);
    }

    public string Name { get; }

    public string Kind => KindName;

    public static (ICredentialBackend? Backend, IReadOnlyList<string> Errors) Create(BackendDefinition definition, BackendContext context)
    {
        var reader = new OptionReader(definition);
        var options = AzureKeyVaultOptions.Parse(reader);
        reader.RejectUnknown();
        if (options is null || reader.HasErrors)
        {
            return (null, reader.Errors);
        }
        return (new AzureKeyVaultBackend(definition.Name, options, context), []);
    }

    public async Task<BackendResult> FetchAsync(string reference, CancellationToken cancellationToken)
    {
        var match = ReferencePattern().Match(reference.Trim());
        if (!match.Success)
        {
            return _http.Fail(BackendErrorKind.NotFound, "the reference must be '<secret-name>' or '<secret-name>/<version>' (name: letters, digits, '-'; version: 32 hex digits).");
        }
        var name = match.Groups["name"].Value;
        var version = match.Groups["version"].Success ? match.Groups["version"].Value : null;
        var path = version is null ? $"secrets/{name}" : $"secrets/{name}/{version}";
        var what = $"reading secret '{name}'";
        var (answer, error) = await AuthorizedGetAsync(path, what, cancellationToken).ConfigureAwait(false);
        if (answer is null)
        {
            return error!;
        }
        using (answer)
        {
            return StatusError(answer, what) is { } statusError ? statusError : Read(answer, name, version, what);
        }
    }

    /// <summary>Lists one secret name (never a value): proves reachability, the challenge, our token and read access.</summary>
    public async Task<BackendError?> TestAsync(CancellationToken cancellationToken)
    {
        const string what = "listing secrets";
        var (answer, error) = await AuthorizedGetAsync("secrets", what, cancellationToken, "&maxresults=1").ConfigureAwait(false);
        if (answer is null)
        {
            return error;
        }
        using (answer)
        {
            return StatusError(answer, what);
        }
    }

    public ValueTask DisposeAsync()
    {
        _http.Dispose();
        _tokenLock.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task<(HttpAnswer? Answer, BackendError? Error)> AuthorizedGetAsync(string path, string what, CancellationToken cancellationToken, string extraQuery = "")
    {
        var uri = new Uri(_options.VaultUrl, $"/{path}?api-version={_options.ApiVersion}{extraQuery}");
        for (var attempt = 0; attempt < 3; attempt++)
        {
            (AccessToken? Token, BackendError? Error)? token = _challenge is null ? null : await TokenAsync(_challenge, cancellationToken).ConfigureAwait(false);
            if (token is { Error: { } tokenError })
            {
                return (null, tokenError);
            }
            var request = new HttpRequestMessage(HttpMethod.Get, uri);
            if (token?.Token is { } bearer)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer.Value);
            }
            var (answer, error) = await _http.SendAsync(request, what, cancellationToken).ConfigureAwait(false);
            if (answer is null || answer.Status != HttpStatusCode.Unauthorized || attempt == 2)
            {
                return (answer, error);
            }
            // 401: learn (or re-learn) the challenge and drop a token Key Vault no longer accepts.
            var challenge = BearerChallenge.Parse(answer.Headers, _options.VaultUrl);
            answer.Dispose();
            if (challenge is null)
            {
                return (null, _http.Fail(BackendErrorKind.Unauthorized, $"Key Vault refused us while {what} and sent no usable bearer challenge for its own domain."));
            }
            if (token?.Token is not null && attempt > 0)
            {
                return (null, _http.Fail(BackendErrorKind.Unauthorized, $"Key Vault refused a fresh token while {what} (HTTP 401)."));
            }
            _challenge = challenge;
            if (token?.Token is { } refused)
            {
                Interlocked.CompareExchange(ref _token, null, refused);
            }
        }
        return (null, _http.Fail(BackendErrorKind.Unauthorized, $"Key Vault kept refusing us while {what}."));
    }

    private BackendError? StatusError(HttpAnswer answer, string what) => _http.StatusError(answer, what);

    private BackendResult Read(HttpAnswer answer, string name, string? version, string what)
    {
        try
        {
            using var document = JsonDocument.Parse(answer.BodyMemory);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("value", out var value) || value.ValueKind != JsonValueKind.String)
            {
                return _http.Fail(BackendErrorKind.Malformed, $"the answer while {what} has no string 'value'.");
            }
            // BKD-08: the id must name the secret (and version) we asked for: {vault}/secrets/{name}/{version}.
            var id = root.TryGetProperty("id", out var idElement) && idElement.ValueKind == JsonValueKind.String ? idElement.GetString() : null;
            var segments = Uri.TryCreate(id, UriKind.Absolute, out var idUri) ? idUri.AbsolutePath.Trim('/').Split('/') : [];
            if (segments.Length != 3 || segments[0] != "secrets" || !segments[1].Equals(name, StringComparison.OrdinalIgnoreCase)
                || (version is not null && !segments[2].Equals(version, StringComparison.OrdinalIgnoreCase)))
            {
                return _http.Fail(BackendErrorKind.Malformed, $"the answer while {what} is for a different secret or version.");
            }
            var metadata = new CredentialMetadata(_options.CacheTtl, segments[2], null, _options.CacheTtl is not null);
            return JsonSecret.ToCredential(value, metadata) is { } credential
                ? BackendResult.Success(credential)
                : _http.Fail(BackendErrorKind.Malformed, $"the secret is empty (while {what}).");
        }
        catch (JsonException)
        {
            return _http.Fail(BackendErrorKind.Malformed, $"the answer while {what} is not JSON.");
        }
    }

    [GeneratedRegex(@"^(?<name>[0-9A-Za-z-]{1,127})(/(?<version>[0-9a-fA-F]{32}))?$")]
    private static partial Regex ReferencePattern();
}
