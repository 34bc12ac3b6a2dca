using System.Text.RegularExpressions;

namespace Sigilum.Backends.Aws;

/// <summary>
/// How the vault proxy injects an <c>aws-sts</c> credential: an agent's outbound AWS request (signed with
/// a placeholder key or not at all) is signed again with the temporary credentials, adding
/// <c>x-amz-security-token</c>, the way AWS clients use STS credentials. Any <c>Authorization</c>,
/// <c>X-Amz-Date</c> and <c>X-Amz-Security-Token</c> the agent sent are replaced.
/// </summary>
public static partial class AwsRequestResigner
{
    /// <summary>
    /// Re-signs <paramref name="request"/>. Region and service come from the arguments, else from the
    /// agent's own <c>Authorization</c> credential scope, else from an <c>{service}.{region}.amazonaws.com</c>
    /// host. Returns false (request untouched) when they cannot be determined.
    /// </summary>
    public static async Task<bool> ResignAsync(
        HttpRequestMessage request,
        AwsCredentials credentials,
        TimeProvider time,
        string? region = null,
        string? service = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(credentials);
        ArgumentNullException.ThrowIfNull(time);
        var scope = FromAuthorization(request) ?? FromHost(request.RequestUri);
        region ??= scope?.Region;
        service ??= scope?.Service;
        if (region is null || service is null)
        {
            return false;
        }
        await AwsRequestSigning.SignAsync(request, credentials, region, service, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        return true;
    }

    private static (string Region, string Service)? FromAuthorization(HttpRequestMessage request)
    {
        if (!request.Headers.TryGetValues("Authorization", out var values))
        {
            return null;
        }
        var match = ScopePattern().Match(values.First());
        return match.Success ? (match.Groups["region"].Value, match.Groups["service"].Value) : null;
    }

    private static (string Region, string Service)? FromHost(Uri? uri)
    {
        var match = uri is null ? Match.Empty : HostPattern().Match(uri.Host);
        return match.Success ? (match.Groups["region"].Value, match.Groups["service"].Value) : null;
    }

    [GeneratedRegex(@"Credential=[^/,\s]+/\d{8}/(?<region>[a-z0-9-]+)/(?<service>[a-z0-9-]+)/aws4_request")]
    private static partial Regex ScopePattern();

    [GeneratedRegex(@"^(?:[a-z0-9-]+\.)*?(?<service>[a-z0-9-]+)\.(?<region>[a-z]{2}(?:-gov)?-[a-z]+-\d)\.amazonaws\.com(?:\.cn)?$")]
    private static partial Regex HostPattern();
}
