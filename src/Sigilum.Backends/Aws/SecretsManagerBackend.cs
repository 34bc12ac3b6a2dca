using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sigilum.Backends.Http;
using Sigilum.Backends.Json;
using Sigilum.Backends.Options;

namespace Sigilum.Backends.Aws;

/// <summary>
/// <c>aws-secrets-manager</c>: <c>GetSecretValue</c> over the JSON 1.1 protocol, signed with our SigV4
/// signer, with a version stage or id and an optional field of a JSON SecretString. Our own access is
/// static keys, a profile, or STS-assumed (<see cref="AwsAuthOptions"/>).
/// </summary>
internal sealed class SecretsManagerBackend : ICredentialBackend
{
    public const string KindName = "aws-secrets-manager";

    private readonly AwsAuthOptions _auth;
    private readonly Uri _endpoint;
    private readonly TimeSpan? _cacheTtl;
    private readonly BackendContext _context;
    private readonly BackendHttp _http;
    private readonly AwsCredentialSource _credentials;

    private SecretsManagerBackend(string name, AwsAuthOptions auth, Uri endpoint, TimeSpan? cacheTtl, BackendContext context)
    {
        Name = name;
        _auth = auth;
        _endpoint = endpoint;
        _cacheTtl = cacheTtl;
        _context = context;
        _http = new BackendHttp(name, context, auth.Timeout);
        _credentials = new AwsCredentialSource(auth, context, _http);
    }

    public string Name { get; }

    public string Kind => KindName;

    public static (ICredentialBackend? Backend, IReadOnlyList<string> Errors) Create(BackendDefinition definition, BackendContext context)
    {
        var reader = new OptionReader(definition);
        var auth = AwsAuthOptions.Parse(reader, roleRequired: false);
        var region = definition.Options.GetValueOrDefault("region") ?? "us-east-1";
        var endpoint = reader.Url("endpoint", required: false, "the Secrets Manager endpoint (VPC endpoint or FIPS)", new Uri($"https://secretsmanager.{region}.amazonaws.com/"));
        var cacheTtl = reader.Duration("cache_ttl", TimeSpan.Zero, TimeSpan.FromHours(24));
        reader.RejectUnknown();
        if (auth is null || endpoint is null || reader.HasErrors)
        {
            return (null, reader.Errors);
        }
        return (new SecretsManagerBackend(definition.Name, auth, endpoint, cacheTtl > TimeSpan.Zero ? cacheTtl : null, context), []);
    }

    public async Task<BackendResult> FetchAsync(string reference, CancellationToken cancellationToken)
    {
        var (parsed, problem) = SecretsManagerReference.Parse(reference);
        if (parsed is null)
        {
            return _http.Fail(BackendErrorKind.NotFound, $"reference is not valid: {problem}.");
        }
        var (credentials, credentialError) = await _credentials.GetAsync(cancellationToken).ConfigureAwait(false);
        if (credentials is null)
        {
            return credentialError!;
        }
        var input = new JsonObject { ["SecretId"] = parsed.SecretId };
        if (parsed.VersionStage is not null)
        {
            input["VersionStage"] = parsed.VersionStage;
        }
        if (parsed.VersionId is not null)
        {
            input["VersionId"] = parsed.VersionId;
        }
        var request = new HttpRequestMessage(HttpMethod.Post, _endpoint)
        {
            Content = new StringContent(input.ToJsonString(), System.Text.Encoding.UTF8, "application/x-amz-json-1.1"),
        };
        request.Content.Headers.ContentType!.CharSet = null;
        request.Headers.TryAddWithoutValidation("X-Amz-Target", "secretsmanager.GetSecretValue");
        await AwsRequestSigning.SignAsync(request, credentials, _auth.Region, "secretsmanager", _context.Time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        var what = $"reading secret '{parsed.SecretId}'";
        var (answer, error) = await _http.SendAsync(request, what, cancellationToken).ConfigureAwait(false);
        if (answer is null)
        {
            return error!;
        }
        using (answer)
        {
            if (answer.IsSuccess)
            {
                return Read(parsed, answer, what);
            }
            var failure = AwsJsonErrors.Map(_http, answer, what);
            if (failure.Kind == BackendErrorKind.Unauthorized)
            {
                _credentials.Invalidate(credentials);
            }
            return failure;
        }
    }

    public async Task<BackendError?> TestAsync(CancellationToken cancellationToken)
    {
        var (credentials, error) = await _credentials.GetAsync(cancellationToken).ConfigureAwait(false);
        return credentials is null ? error : await _credentials.Sts.GetCallerIdentityAsync(credentials, cancellationToken).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync()
    {
        _credentials.Dispose();
        _http.Dispose();
        return ValueTask.CompletedTask;
    }

    private BackendResult Read(SecretsManagerReference reference, HttpAnswer answer, string what)
    {
        return _http.ReadJson(answer, what, root =>
        {
            if (root.ValueKind != JsonValueKind.Object)
            {
                return _http.Fail(BackendErrorKind.Malformed, $"the answer while {what} is not a JSON object.");
            }
            var name = root.TryGetProperty(nameof(Name), out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null;
            var arn = root.TryGetProperty("ARN", out var a) && a.ValueKind == JsonValueKind.String ? a.GetString() : null;
            var versionId = root.TryGetProperty("VersionId", out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            // BKD-08: the answer must be the secret (and version) we asked for.
            var sameSecret = reference.SecretId.StartsWith("arn:", StringComparison.Ordinal)
                ? arn is not null && arn.StartsWith(reference.SecretId, StringComparison.Ordinal)
                : name == reference.SecretId;
            if (!sameSecret || (reference.VersionId is not null && versionId != reference.VersionId))
            {
                return _http.Fail(BackendErrorKind.Malformed, $"the answer while {what} is for a different secret or version.");
            }
            var metadata = new CredentialMetadata(_cacheTtl, versionId, null, _cacheTtl is not null);
            if (root.TryGetProperty("SecretString", out var text) && text.ValueKind == JsonValueKind.String)
            {
                return reference.Field is null ? Whole(text, metadata, what) : Field(text, reference.Field, metadata, what);
            }
            if (root.TryGetProperty("SecretBinary", out var binary) && binary.ValueKind == JsonValueKind.String)
            {
                return reference.Field is null
                    ? Binary(binary, metadata, what)
                    : _http.Fail(BackendErrorKind.NotFound, $"'#{reference.Field}' was asked for but the secret is binary (while {what}).");
            }
            return _http.Fail(BackendErrorKind.Malformed, $"the answer while {what} has neither SecretString nor SecretBinary.");
        });
    }

    private BackendResult Whole(JsonElement text, CredentialMetadata metadata, string what) =>
        JsonSecret.ToCredential(text, metadata) is { } credential
            ? BackendResult.Success(credential)
            : _http.Fail(BackendErrorKind.Malformed, $"the secret is empty (while {what}).");

    /// <summary>The SecretString is itself JSON (the console's key/value form): unescape it to pinned memory and pick the field.</summary>
    private BackendResult Field(JsonElement text, string field, CredentialMetadata metadata, string what)
    {
        var inner = JsonSecret.ToPinnedUtf8(text)!;
        try
        {
            using var document = JsonDocument.Parse(inner.AsMemory());
            var (value, problem) = JsonSecret.Select(document.RootElement, field);
            if (problem is not null)
            {
                return _http.Fail(BackendErrorKind.NotFound, $"{problem} (while {what}).");
            }
            return JsonSecret.ToCredential(value, metadata) is { } credential
                ? BackendResult.Success(credential)
                : _http.Fail(BackendErrorKind.Malformed, $"field '{field}' is empty or not a scalar (while {what}).");
        }
        catch (JsonException)
        {
            return _http.Fail(BackendErrorKind.NotFound, $"'#{field}' was asked for but the SecretString is not JSON (while {what}).");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(inner);
        }
    }

    private BackendResult Binary(JsonElement binary, CredentialMetadata metadata, string what)
    {
        var encoded = JsonSecret.ToPinnedUtf8(binary)!;
        var decoded = GC.AllocateArray<byte>(Base64.GetMaxDecodedFromUtf8Length(encoded.Length), pinned: true);
        try
        {
            if (Base64.DecodeFromUtf8(encoded, decoded, out _, out var written) != System.Buffers.OperationStatus.Done || written == 0)
            {
                return _http.Fail(BackendErrorKind.Malformed, $"SecretBinary is not base64 or is empty (while {what}).");
            }
            return BackendResult.Success(new Credential(decoded.AsSpan(0, written), metadata));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(encoded);
            CryptographicOperations.ZeroMemory(decoded);
        }
    }
}
