using Sigilum.Backends.Http;

namespace Sigilum.Backends.Aws;

/// <summary>
/// The backend's own AWS credentials, read at use time (so rotated keys and refreshed token files are
/// picked up). Assumed-role credentials are kept until five minutes before they expire.
/// </summary>
internal sealed class AwsCredentialSource : IDisposable
{
    private static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(5);
    private readonly AwsAuthOptions _options;
    private readonly BackendContext _context;
    private readonly BackendHttp _http;
    private readonly SemaphoreSlim _lock = new(1, 1);
    private AwsCredentials? _assumed;

    public AwsCredentialSource(AwsAuthOptions options, BackendContext context, BackendHttp http)
    {
        _options = options;
        _context = context;
        _http = http;
        Sts = new StsClient(http, options, context.Time);
    }

    public StsClient Sts { get; }

    /// <summary>The credentials to sign our own calls with: the base keys, or the assumed role's when <c>role_arn</c> is set.</summary>
    public async Task<(AwsCredentials? Credentials, BackendError? Error)> GetAsync(CancellationToken cancellationToken)
    {
        if (_options.RoleArn is null)
        {
            return Base();
        }
        var cached = Volatile.Read(ref _assumed);
        if (cached?.Expiration is { } expires && _context.Time.GetUtcNow() < expires - RefreshMargin)
        {
            return (cached, null);
        }
        try
        {
            await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return (null, _http.Fail(BackendErrorKind.Timeout, "the request's deadline passed while waiting for STS credentials."));
        }
        try
        {
            cached = _assumed;
            if (cached?.Expiration is { } again && _context.Time.GetUtcNow() < again - RefreshMargin)
            {
                return (cached, null);
            }
            var (fresh, error) = await AssumeAsync(_options.RoleArn, cancellationToken).ConfigureAwait(false);
            _assumed = fresh;
            return (fresh, error);
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>Forgets an assumed-role session AWS refused (expired or revoked early); the next call assumes again.</summary>
    public void Invalidate(AwsCredentials refused) => Interlocked.CompareExchange(ref _assumed, null, refused);

    /// <summary>Temporary credentials for <paramref name="roleArn"/>: AssumeRole with the base keys, or AssumeRoleWithWebIdentity.</summary>
    public async Task<(AwsCredentials? Credentials, BackendError? Error)> AssumeAsync(string roleArn, CancellationToken cancellationToken)
    {
        if (_options.Mode == "web_identity")
        {
            var token = _options.WebIdentityToken!.TryRead(_context);
            return token is null
                ? (null, _http.Fail(BackendErrorKind.Misconfigured, $"no web identity token in {_options.WebIdentityToken.Describe()}."))
                : await Sts.AssumeRoleWithWebIdentityAsync(token, roleArn, cancellationToken).ConfigureAwait(false);
        }
        var (caller, error) = Base();
        return caller is null ? (null, error) : await Sts.AssumeRoleAsync(caller, roleArn, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The long-term (or operator-given session) keys; web identity has none.</summary>
    public (AwsCredentials? Credentials, BackendError? Error) Base()
    {
        switch (_options.Mode)
        {
            case "static":
                var secret = _options.SecretAccessKey!.TryRead(_context);
                if (secret is null)
                {
                    return (null, _http.Fail(BackendErrorKind.Misconfigured, $"no secret access key in {_options.SecretAccessKey.Describe()}."));
                }
                return (new AwsCredentials(_options.AccessKeyId!, secret, _options.SessionToken?.TryRead(_context)), null);
            case "profile":
                return AwsProfileFile.Read(CredentialsFilePath(), _options.Profile) is { } fromProfile
                    ? (fromProfile, null)
                    : (null, _http.Fail(BackendErrorKind.Misconfigured, $"profile '{_options.Profile}' with aws_access_key_id and aws_secret_access_key was not found in '{CredentialsFilePath()}'."));
            default:
                return (null, _http.Fail(BackendErrorKind.Misconfigured, "web_identity auth has no long-term keys; a role_arn is required."));
        }
    }

    public void Dispose() => _lock.Dispose();

    private string CredentialsFilePath() =>
        _options.CredentialsFile
        ?? _context.GetEnvironmentVariable("AWS_SHARED_CREDENTIALS_FILE")
        ?? Path.Combine(_context.GetEnvironmentVariable("HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".aws", "credentials");
}
