using Sigilum.Backends;
using Sigilum.Backends.Aws;
using Sigilum.Vault.Http;

namespace Sigilum.Vault.Release;

/// <summary>
/// How an <c>aws-sts</c> route injects its credential (docs/decisions/0014): the temporary credentials
/// never go into a header template; the agent's outbound AWS request (signed by its SDK with placeholder
/// keys, or not at all) is signed again with them, adding <c>X-Amz-Security-Token</c>, exactly as an AWS
/// client uses STS credentials. Region and service come from the agent's own <c>Authorization</c>
/// credential scope, else from a <c>{service}.{region}.amazonaws.com</c> host.
/// </summary>
internal static class SigV4Injection
{
    /// <summary>The backend kind whose routes are injected this way.</summary>
    public const string Kind = "aws-sts";

    public const string ScopeUnknownCode = ErrorCatalogue.AwsScopeUnknown;
    public const string RouteMisconfiguredCode = ErrorCatalogue.RouteMisconfigured;

    /// <summary>The headers the signature replaces: whatever the agent sent under these names is dropped.</summary>
    public static IReadOnlyList<string> ReplacedHeaders { get; } = ["Authorization", "X-Amz-Date", "X-Amz-Security-Token"];

    /// <summary>
    /// Signs <paramref name="agentRequest"/> as it will be sent (<paramref name="target"/> to
    /// <paramref name="hostHeader"/>, with <paramref name="body"/>, or no body when null; an empty body when the
    /// agent stated the payload hash) and returns the
    /// headers to add, or a failure. The signature covers host, every <c>x-amz-*</c> header, Content-Type and
    /// Content-MD5, and the body's SHA-256 unless the agent stated <c>X-Amz-Content-Sha256</c> itself.
    /// </summary>
    public static async Task<SigV4Result> SignAsync(
        HttpHead agentRequest, string target, string hostHeader, ReadOnlyMemory<byte>? body, Credential credential, string backendName,
        TimeProvider time, CancellationToken cancellationToken)
    {
        var credentials = AwsCredentials.FromCredential(credential);
        if (credentials is null)
        {
            return SigV4Result.Failure(502, BackendError.CodeFor(BackendErrorKind.Malformed), $"Backend '{backendName}' did not return AWS credentials.");
        }
        // The signature is over the target as sent; a target System.Uri would rewrite (dot segments,
        // needless escapes) cannot be signed faithfully, so it is refused rather than sent with a bad signature.
        if (!Uri.TryCreate("https://" + hostHeader + target, UriKind.Absolute, out var uri) || uri.PathAndQuery != target)
        {
            return SigV4Result.Failure(400, ErrorCatalogue.RequestUrlInvalid, "The request target cannot be signed as sent (normalise the path).");
        }
        using var request = new HttpRequestMessage(new HttpMethod(agentRequest.Method), uri);
        request.Headers.Host = hostHeader;
        ByteArrayContent? content = body is { } bytes ? new ByteArrayContent(bytes.ToArray()) : null;
        request.Content = content;
        foreach (var (name, value) in agentRequest.Headers)
        {
            if (name.Equals("Authorization", StringComparison.OrdinalIgnoreCase) || name.StartsWith("x-amz-", StringComparison.OrdinalIgnoreCase))
            {
                // Authorization only lends its credential scope (region, service); the signer replaces it.
                request.Headers.TryAddWithoutValidation(name, value);
            }
            else if (content is not null && (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase) || name.Equals("Content-MD5", StringComparison.OrdinalIgnoreCase)))
            {
                content.Headers.TryAddWithoutValidation(name, value);
            }
        }
        if (!await AwsRequestResigner.ResignAsync(request, credentials, time, cancellationToken: cancellationToken))
        {
            return SigV4Result.Failure(400, ScopeUnknownCode,
                "The AWS region and service cannot be determined: sign the request with any placeholder key (the vault re-signs it) or use a *.amazonaws.com host.");
        }
        var added = ReplacedHeaders
            .SelectMany(name => request.Headers.NonValidated.TryGetValues(name, out var values) ? values.Select(v => KeyValuePair.Create(name, v)) : [])
            .ToList();
        return SigV4Result.Success(added);
    }

    /// <summary>True when the agent stated the payload hash itself (S3's <c>UNSIGNED-PAYLOAD</c> or a digest): no need to buffer the body.</summary>
    public static bool PayloadHashStated(HttpHead agentRequest) => agentRequest.Count("X-Amz-Content-Sha256") > 0;
}
