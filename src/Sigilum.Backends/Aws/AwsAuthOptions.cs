using System.Text.RegularExpressions;
using Sigilum.Backends.Options;

namespace Sigilum.Backends.Aws;

/// <summary>
/// How an AWS backend gets its own credentials: <c>auth=static</c> (an access key id and a secret from an
/// env var or file), <c>auth=profile</c> (a <c>~/.aws/credentials</c> profile) or <c>auth=web_identity</c>
/// (an OIDC token file exchanged with AssumeRoleWithWebIdentity); optionally followed by AssumeRole into
/// <c>role_arn</c>. Shared by <c>aws-secrets-manager</c> and <c>aws-sts</c>.
/// </summary>
internal sealed partial record AwsAuthOptions
{
    public required string Region { get; init; }

    public required Uri StsEndpoint { get; init; }

    public required string Mode { get; init; }

    public string? AccessKeyId { get; init; }

    public SecretSource? SecretAccessKey { get; init; }

    public SecretSource? SessionToken { get; init; }

    public string Profile { get; init; } = "default";

    public string? CredentialsFile { get; init; }

    public SecretSource? WebIdentityToken { get; init; }

    public string? RoleArn { get; init; }

    public required string SessionName { get; init; }

    public string? ExternalId { get; init; }

    public TimeSpan Duration { get; init; }

    public TimeSpan Timeout { get; init; }

    /// <param name="options">The operator's options.</param>
    /// <param name="roleRequired">aws-sts: the role to hand out must be named.</param>
    public static AwsAuthOptions? Parse(OptionReader options, bool roleRequired)
    {
        var region = options.Required("region", "the AWS region, e.g. us-east-1");
        if (region.Length > 0 && !RegionPattern().IsMatch(region))
        {
            options.Error("option 'region' must be an AWS region such as us-east-1.");
        }
        var sts = options.Url("sts_endpoint", required: false, "the STS endpoint", new Uri($"https://sts.{(region.Length > 0 ? region : "us-east-1")}.amazonaws.com/"));
        var mode = options.OneOf("auth", "static", "profile", "web_identity");
        string? accessKeyId = null, credentialsFile = null;
        SecretSource? secret = null, token = null, webIdentity = null;
        var profile = "default";
        switch (mode)
        {
            case "static":
                accessKeyId = options.Required("access_key_id", "the access key id, e.g. AKIA…");
                if (accessKeyId.Length > 0 && !AccessKeyPattern().IsMatch(accessKeyId))
                {
                    options.Error("option 'access_key_id' must be an AWS access key id (16–128 letters and digits).");
                }
                secret = SecretSource.Read(options, "secret_access_key", required: true, "the secret access key");
                token = SecretSource.Read(options, "session_token", required: false, "a session token for temporary keys");
                break;
            case "profile":
                profile = options.Optional("profile") ?? "default";
                credentialsFile = options.Optional("credentials_file");
                break;
            default:
                webIdentity = SecretSource.Read(options, "web_identity_token", required: true, "the OIDC token exchanged with AssumeRoleWithWebIdentity");
                break;
        }
        var roleArn = roleRequired || mode == "web_identity"
            ? options.Required("role_arn", "the role to assume, arn:aws:iam::<account>:role/<name>")
            : options.Optional("role_arn");
        if (!string.IsNullOrEmpty(roleArn) && !RolePattern().IsMatch(roleArn))
        {
            options.Error("option 'role_arn' must be a role ARN such as arn:aws:iam::123456789012:role/name.");
        }
        var sessionName = options.Optional("role_session_name") ?? "sigilum";
        if (!SessionPattern().IsMatch(sessionName))
        {
            options.Error("option 'role_session_name' must be 2–64 characters of letters, digits and =,.@-_.");
        }
        var externalId = options.Optional("external_id");
        // STS sessions last at least 900 s (reliability BKD-11) and at most 12 h.
        var duration = options.Duration("duration", TimeSpan.FromSeconds(900), TimeSpan.FromHours(12), TimeSpan.FromHours(1))!.Value;
        var timeout = options.Duration("timeout", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(5))!.Value;
        if (options.HasErrors || sts is null)
        {
            return null;
        }
        return new AwsAuthOptions
        {
            Region = region,
            StsEndpoint = sts,
            Mode = mode,
            AccessKeyId = accessKeyId,
            SecretAccessKey = secret,
            SessionToken = token,
            Profile = profile,
            CredentialsFile = credentialsFile,
            WebIdentityToken = webIdentity,
            RoleArn = string.IsNullOrEmpty(roleArn) ? null : roleArn,
            SessionName = sessionName,
            ExternalId = externalId,
            Duration = duration,
            Timeout = timeout,
        };
    }

    public static bool IsRoleArn(string value) => RolePattern().IsMatch(value);

    [GeneratedRegex(@"^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d$")]
    private static partial Regex RegionPattern();

    [GeneratedRegex(@"^[A-Z0-9]{16,128}$")]
    private static partial Regex AccessKeyPattern();

    [GeneratedRegex(@"^arn:aws[a-z-]*:iam::\d{12}:role/[\w+=,.@/-]{1,512}$")]
    private static partial Regex RolePattern();

    [GeneratedRegex(@"^[\w+=,.@-]{2,64}$")]
    private static partial Regex SessionPattern();
}
