using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using Sigilum.Backends.Http;

namespace Sigilum.Backends.Aws;

/// <summary>
/// The STS query API (version 2011-06-15): AssumeRole and GetCallerIdentity signed with SigV4,
/// AssumeRoleWithWebIdentity unsigned (the OIDC token is the proof). STS reports throttling as HTTP 400
/// with code <c>Throttling</c> (reliability §4.4), which must not be taken for an auth failure.
/// </summary>
internal sealed class StsClient(BackendHttp http, AwsAuthOptions options, TimeProvider time)
{
    private static readonly XNamespace Ns = "https://sts.amazonaws.com/doc/2011-06-15/";

    public async Task<(AwsCredentials? Credentials, BackendError? Error)> AssumeRoleAsync(AwsCredentials caller, string roleArn, CancellationToken cancellationToken)
    {
        var form = new List<KeyValuePair<string, string>>
        {
            new("Action", "AssumeRole"),
            new("Version", "2011-06-15"),
            new("RoleArn", roleArn),
            new("RoleSessionName", options.SessionName),
            new("DurationSeconds", ((int)options.Duration.TotalSeconds).ToString(CultureInfo.InvariantCulture)),
        };
        if (options.ExternalId is not null)
        {
            form.Add(new("ExternalId", options.ExternalId));
        }
        using var request = await SignedAsync(form, caller, cancellationToken).ConfigureAwait(false);
        return await CredentialsAsync(request, "AssumeRole", $"assuming role '{roleArn}'", cancellationToken).ConfigureAwait(false);
    }

    public async Task<(AwsCredentials? Credentials, BackendError? Error)> AssumeRoleWithWebIdentityAsync(string webIdentityToken, string roleArn, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, options.StsEndpoint)
        {
            Content = new FormUrlEncodedContent(
            [
                new("Action", "AssumeRoleWithWebIdentity"),
                new("Version", "2011-06-15"),
                new("RoleArn", roleArn),
                new("RoleSessionName", options.SessionName),
                new("DurationSeconds", ((int)options.Duration.TotalSeconds).ToString(CultureInfo.InvariantCulture)),
                new("WebIdentityToken", webIdentityToken),
            ]),
        };
        return await CredentialsAsync(request, "AssumeRoleWithWebIdentity", $"assuming role '{roleArn}' with a web identity", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Checks credentials without touching any secret (<c>backends test</c>).</summary>
    public async Task<BackendError?> GetCallerIdentityAsync(AwsCredentials caller, CancellationToken cancellationToken)
    {
        using var request = await SignedAsync([new("Action", "GetCallerIdentity"), new("Version", "2011-06-15")], caller, cancellationToken).ConfigureAwait(false);
        return (await CallAsync(request, "checking our credentials (GetCallerIdentity)", cancellationToken).ConfigureAwait(false)).Error;
    }

    private async Task<HttpRequestMessage> SignedAsync(List<KeyValuePair<string, string>> form, AwsCredentials caller, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, options.StsEndpoint) { Content = new FormUrlEncodedContent(form) };
        await AwsRequestSigning.SignAsync(request, caller, options.Region, "sts", time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        return request;
    }

    private async Task<(AwsCredentials? Credentials, BackendError? Error)> CredentialsAsync(HttpRequestMessage request, string action, string what, CancellationToken cancellationToken)
    {
        var (root, error) = await CallAsync(request, what, cancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return (null, error);
        }
        var credentials = root.Element(Ns + action + "Result")?.Element(Ns + "Credentials");
        var keyId = credentials?.Element(Ns + "AccessKeyId")?.Value;
        var secret = credentials?.Element(Ns + "SecretAccessKey")?.Value;
        var token = credentials?.Element(Ns + "SessionToken")?.Value;
        var expiration = credentials?.Element(Ns + "Expiration")?.Value;
        if (string.IsNullOrEmpty(keyId) || string.IsNullOrEmpty(secret) || string.IsNullOrEmpty(token)
            || !DateTimeOffset.TryParse(expiration, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var expires))
        {
            return (null, http.Fail(BackendErrorKind.Malformed, $"the answer while {what} has no complete Credentials element."));
        }
        if (expires <= time.GetUtcNow())
        {
            // BKD-05: never hand out credentials that are already expired.
            return (null, http.Fail(BackendErrorKind.Malformed, $"the credentials received while {what} are already expired."));
        }
        return (new AwsCredentials(keyId, secret, token, expires), null);
    }

    private async Task<(XElement? Root, BackendError? Error)> CallAsync(HttpRequestMessage request, string what, CancellationToken cancellationToken)
    {
        var (answer, error) = await http.SendAsync(request, what, cancellationToken).ConfigureAwait(false);
        if (answer is null)
        {
            return (null, error);
        }
        using (answer)
        {
            XElement? root;
            try
            {
                using var stream = new MemoryStream(answer.BodyMemory.ToArray(), writable: false);
                root = XElement.Load(stream);
            }
            catch (XmlException)
            {
                root = null;
            }
            if (answer.IsSuccess)
            {
                return root is null
                    ? (null, http.Fail(BackendErrorKind.Malformed, $"the answer while {what} is not XML."))
                    : (root, null);
            }
            var code = root?.Element(Ns + "Error")?.Element(Ns + "Code")?.Value;
            return (null, ErrorFor(code, answer, what));
        }
    }

    private BackendError ErrorFor(string? code, HttpAnswer answer, string what) => code switch
    {
        "Throttling" or "RequestLimitExceeded" or "ThrottlingException" =>
            http.Fail(BackendErrorKind.Throttled, $"STS is throttling us while {what} ({code}).") with { RetryAfter = http.RetryAfter(answer.Headers) },
        "InvalidClientTokenId" or "SignatureDoesNotMatch" or "ExpiredToken" or "AccessDenied" or "InvalidIdentityToken"
            or "ExpiredTokenException" or "MissingAuthenticationToken" or "IDPRejectedClaim" or "IncompleteSignature" =>
            http.Fail(BackendErrorKind.Unauthorized, $"STS refused while {what} ({code})."),
        "ValidationError" or "MalformedPolicyDocument" or "RegionDisabledException" =>
            http.Fail(BackendErrorKind.Misconfigured, $"STS rejected the request while {what} ({code})."),
        "IDPCommunicationError" => http.Fail(BackendErrorKind.Unavailable, $"STS could not reach the identity provider while {what}."),
        _ => http.StatusError(answer, what) ?? http.Fail(BackendErrorKind.Malformed, $"unexpected answer while {what}."),
    };
}
