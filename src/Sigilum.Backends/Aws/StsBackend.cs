using System.Security.Cryptography;
using Sigilum.Backends.Http;
using Sigilum.Backends.Options;

namespace Sigilum.Backends.Aws;

/// <summary>
/// <c>aws-sts</c>: hands out temporary credentials for a role (AssumeRole with our keys, or
/// AssumeRoleWithWebIdentity). The credential is JSON (AccessKeyId, SecretAccessKey, SessionToken,
/// Expiration; read it with <see cref="AwsCredentials.FromCredential"/>) and is injected by re-signing the
/// agent's AWS request (<see cref="AwsRequestResigner"/>), never given to the agent. It is cacheable until
/// shortly before its expiry (reliability BKD-11: sessions last at least 900 s).
/// The reference is the role ARN, or empty for the configured <c>role_arn</c>.
/// </summary>
internal sealed class StsBackend : ICredentialBackend
{
    public const string KindName = "aws-sts";

    private readonly AwsAuthOptions _auth;
    private readonly BackendContext _context;
    private readonly BackendHttp _http;
    private readonly AwsCredentialSource _credentials;

    private StsBackend(string name, AwsAuthOptions auth, BackendContext context)
    {
        Name = name;
        _auth = auth;
        _context = context;
        _http = new BackendHttp(name, context, auth.Timeout);
        // The source's own role is not used: the role is what this backend hands out.
        _credentials = new AwsCredentialSource(auth with { RoleArn = null }, context, _http);
    }

    public string Name { get; }

    public string Kind => KindName;

    public static (ICredentialBackend? Backend, IReadOnlyList<string> Errors) Create(BackendDefinition definition, BackendContext context)
    {
        var reader = new OptionReader(definition);
        var auth = AwsAuthOptions.Parse(reader, roleRequired: true);
        reader.RejectUnknown();
        if (auth is null || reader.HasErrors)
        {
            return (null, reader.Errors);
        }
        return (new StsBackend(definition.Name, auth, context), []);
    }

    public async Task<BackendResult> FetchAsync(string reference, CancellationToken cancellationToken)
    {
        var roleArn = string.IsNullOrWhiteSpace(reference) ? _auth.RoleArn! : reference.Trim();
        if (!AwsAuthOptions.IsRoleArn(roleArn))
        {
            return _http.Fail(BackendErrorKind.NotFound, "the reference must be a role ARN (arn:aws:iam::<account>:role/<name>) or empty for the configured role_arn.");
        }
        var (credentials, error) = await _credentials.AssumeAsync(roleArn, cancellationToken).ConfigureAwait(false);
        if (credentials is null)
        {
            return error!;
        }
        var ttl = credentials.Expiration!.Value - _context.Time.GetUtcNow();
        var bytes = credentials.ToPinnedJson();
        try
        {
            return BackendResult.Success(new Credential(bytes, new CredentialMetadata(ttl, null, null, Cacheable: true)));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    public async Task<BackendError?> TestAsync(CancellationToken cancellationToken)
    {
        if (_auth.Mode == "web_identity")
        {
            // The only check web identity allows is the exchange itself; the credentials are discarded.
            var (assumed, error) = await _credentials.AssumeAsync(_auth.RoleArn!, cancellationToken).ConfigureAwait(false);
            return assumed is null ? error : null;
        }
        var (caller, baseError) = _credentials.Base();
        return caller is null ? baseError : await _credentials.Sts.GetCallerIdentityAsync(caller, cancellationToken).ConfigureAwait(false);
    }

    public ValueTask DisposeAsync()
    {
        _credentials.Dispose();
        _http.Dispose();
        return ValueTask.CompletedTask;
    }
}
