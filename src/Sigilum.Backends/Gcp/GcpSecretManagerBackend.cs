using System.Buffers.Text;
using System.Globalization;
using System.IO.Hashing;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Sigilum.Backends.Http;
using Sigilum.Backends.Json;
using Sigilum.Backends.Options;
using Sigilum.Protocol.Errors;

namespace Sigilum.Backends.Gcp;

/// <summary>
/// <c>gcp-secret-manager</c>: <c>GET {endpoint}/v1/projects/{p}/secrets/{s}/versions/{v}:access</c> with an
/// OAuth access token obtained from a service-account key (RFC 7523 JWT-bearer grant, RS256 assertion
/// signed with System.Security.Cryptography), and the payload's CRC32C checked before it is handed out.
/// </summary>
internal sealed partial class GcpSecretManagerBackend : ICredentialBackend
{
    public const string KindName = "gcp-secret-manager";
    private const string Scope = "https://www.googleapis.com/auth/cloud-platform";

    private readonly string? _project;
    private readonly SecretSource _credentials;
    private readonly Uri _endpoint;
    private readonly TimeSpan? _cacheTtl;
    private readonly BackendContext _context;
    private readonly BackendHttp _http;
    private readonly SemaphoreSlim _tokenLock = new(1, 1);
    private (string Value, DateTimeOffset ExpiresAt)? _token;

    private GcpSecretManagerBackend(string name, string? project, SecretSource credentials, Uri endpoint, TimeSpan? cacheTtl, TimeSpan timeout, BackendContext context)
    {
        Name = name;
        _project = project;
        _credentials = credentials;
        _endpoint = endpoint;
        _cacheTtl = cacheTtl;
        _context = context;
        _http = new BackendHttp(name, context, timeout);
    }

    public string Name { get; }

    public string Kind => KindName;

    public static (ICredentialBackend? Backend, IReadOnlyList<string> Errors) Create(BackendDefinition definition, BackendContext context)
    {
        var reader = new OptionReader(definition);
        var project = reader.Optional("project");
        if (project is not null && !ProjectPattern().IsMatch(project))
        {
            reader.Error("option 'project' must be a project id (6–30 lower-case letters, digits and '-') or number.");
        }
        var credentials = SecretSource.Read(reader, "credentials", required: true, "the service-account key JSON");
        var endpoint = reader.Url("endpoint", required: false, "the Secret Manager endpoint", new Uri("https://secretmanager.googleapis.com/"));
        var cacheTtl = reader.Duration("cache_ttl", TimeSpan.Zero, TimeSpan.FromHours(24));
        var timeout = reader.Duration("timeout", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(5))!.Value;
        reader.RejectUnknown();
        if (reader.HasErrors || credentials is null || endpoint is null)
        {
            return (null, reader.Errors);
        }
        return (new GcpSecretManagerBackend(definition.Name, project, credentials, endpoint, cacheTtl > TimeSpan.Zero ? cacheTtl : null, timeout, context), []);
    }

    public async Task<BackendResult> FetchAsync(string reference, CancellationToken cancellationToken)
    {
        var match = ReferencePattern().Match(reference.Trim());
        var project = match.Groups["project"].Success ? match.Groups["project"].Value : _project;
        if (!match.Success || project is null)
        {
            return _http.Fail(BackendErrorKind.NotFound, "the reference must be '<secret>[/versions/<n|latest>]' (with the 'project' option) or 'projects/<p>/secrets/<s>/versions/<v>'.");
        }
        var secret = match.Groups["secret"].Value;
        var version = match.Groups["version"].Success ? match.Groups["version"].Value : "latest";
        var what = $"reading secret '{secret}' version '{version}'";
        var (token, tokenError) = await TokenAsync(cancellationToken).ConfigureAwait(false);
        if (token is null)
        {
            return tokenError!;
        }
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_endpoint, $"/v1/projects/{project}/secrets/{secret}/versions/{version}:access"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var (answer, error) = await _http.SendAsync(request, what, cancellationToken).ConfigureAwait(false);
        if (answer is null)
        {
            return error!;
        }
        using (answer)
        {
            if (_http.StatusError(answer, what) is { } statusError)
            {
                if (statusError.Kind == BackendErrorKind.Unauthorized)
                {
                    _token = null;
                }
                return statusError;
            }
            return Read(answer, secret, version, what);
        }
    }

    /// <summary>Obtains an access token only: proves the key file, its signature and the token endpoint without reading a secret.</summary>
    public async Task<BackendError?> TestAsync(CancellationToken cancellationToken) => (await TokenAsync(cancellationToken).ConfigureAwait(false)).Error;

    public ValueTask DisposeAsync()
    {
        _http.Dispose();
        _tokenLock.Dispose();
        return ValueTask.CompletedTask;
    }

    private BackendResult Read(HttpAnswer answer, string secret, string version, string what)
    {
        return _http.ReadJson(answer, what, root =>
        {
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("payload", out var payload) || payload.ValueKind != JsonValueKind.Object
                || !payload.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.String)
            {
                return _http.Fail(BackendErrorKind.Malformed, $"the answer while {what} has no payload.data.");
            }
            // BKD-08: name is projects/<number>/secrets/<secret>/versions/<n>; it must be our secret and, if pinned, our version.
            var name = root.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()!.Split('/') : [];
            if (name.Length != 6 || name[2] != "secrets" || name[3] != secret || (version != "latest" && version.All(char.IsAsciiDigit) && name[5] != version))
            {
                return _http.Fail(BackendErrorKind.Malformed, $"the answer while {what} is for a different secret or version.");
            }
            // Secret Manager sends the int64 checksum as a JSON string.
            if (!payload.TryGetProperty("dataCrc32c", out var crcElement)
                || !ulong.TryParse(crcElement.ValueKind == JsonValueKind.String ? crcElement.GetString() : crcElement.GetRawText(), NumberStyles.None, CultureInfo.InvariantCulture, out var expected))
            {
                return _http.Fail(BackendErrorKind.Malformed, $"the answer while {what} has no payload.dataCrc32c to verify.");
            }
            var encoded = JsonSecret.ToPinnedUtf8(data)!;
            var decoded = GC.AllocateArray<byte>(Base64.GetMaxDecodedFromUtf8Length(encoded.Length), pinned: true);
            try
            {
                if (Base64.DecodeFromUtf8(encoded, decoded, out _, out var written) != System.Buffers.OperationStatus.Done)
                {
                    return _http.Fail(BackendErrorKind.Malformed, $"payload.data is not base64 (while {what}).");
                }
                var value = decoded.AsSpan(0, written);
                if (Crc32.HashToUInt32(Crc32ParameterSet.Crc32C, value) != expected)
                {
                    return new BackendError(BackendErrorKind.Malformed, ErrorCatalogue.BackendChecksumMismatch,
                        $"Backend '{Name}': the payload's CRC32C does not match payload.dataCrc32c (while {what}); the value was discarded.");
                }
                if (written == 0)
                {
                    return _http.Fail(BackendErrorKind.Malformed, $"the secret is empty (while {what}).");
                }
                return BackendResult.Success(new Credential(value, new CredentialMetadata(_cacheTtl, name[5], null, _cacheTtl is not null)));
            }
            finally
            {
                CryptographicOperations.ZeroMemory(encoded);
                CryptographicOperations.ZeroMemory(decoded);
            }
        });
    }

    [GeneratedRegex(@"^(projects/(?<project>[a-z0-9-]{1,63})/secrets/)?(?<secret>[A-Za-z0-9_-]{1,255})(/versions/(?<version>latest|\d{1,19}|[A-Za-z0-9_-]{1,63}))?$")]
    private static partial Regex ReferencePattern();

    [GeneratedRegex(@"^([a-z][a-z0-9-]{4,28}[a-z0-9]|\d{1,19})$")]
    private static partial Regex ProjectPattern();

    private static string Base64Url(ReadOnlySpan<byte> bytes) => Base64Url(Convert.ToBase64String(bytes));

    private static string Base64Url(string base64) => base64.TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string Base64UrlJson(object value) => Base64Url(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(value)));
}
