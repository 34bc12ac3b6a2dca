using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Sigilum.Testing.Fakes;

/// <summary>
/// The fake AWS side of SigV4: recomputes the signature of an incoming Kestrel request from the raw
/// request target, the headers listed in <c>SignedHeaders</c> and the body, the way AWS does. Written
/// separately from the product's signer (it shares no code with it) so a bug in one is caught by the
/// other. Also checks the clock skew (5 minutes), the credential scope and session tokens. Usable by any
/// test upstream, e.g. to check that the vault proxy re-signed a request with STS credentials.
/// </summary>
public static partial class FakeSigV4Verifier
{
    public static readonly TimeSpan MaxSkew = TimeSpan.FromMinutes(5);

    public static SigV4Verdict Verify(HttpContext context, byte[] body, Func<string, FakeAwsKey?> findKey, DateTimeOffset now, string region, string service) =>
        Verify(context, body, findKey, now, region, service, out _);

    public static SigV4Verdict Verify(HttpContext context, byte[] body, Func<string, FakeAwsKey?> findKey, DateTimeOffset now, string region, string service, out FakeAwsKey? key)
    {
        key = null;
        var request = context.Request;
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.Length == 0)
        {
            return SigV4Verdict.MissingAuthentication;
        }
        var match = AuthorizationPattern().Match(authorization);
        if (!match.Success)
        {
            return SigV4Verdict.IncompleteSignature;
        }
        var signedHeaders = match.Groups["signed"].Value.Split(';');
        if (!signedHeaders.Contains("host") || !signedHeaders.Contains("x-amz-date"))
        {
            return SigV4Verdict.IncompleteSignature;
        }
        key = findKey(match.Groups["key"].Value);
        if (key is null)
        {
            return SigV4Verdict.UnknownAccessKey;
        }
        var amzDate = request.Headers["X-Amz-Date"].ToString();
        if (!DateTimeOffset.TryParseExact(amzDate, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var signedAt))
        {
            return SigV4Verdict.IncompleteSignature;
        }
        if ((now - signedAt).Duration() > MaxSkew)
        {
            return SigV4Verdict.SignatureExpired;
        }
        if (match.Groups["date"].Value != amzDate[..8] || match.Groups["region"].Value != region || match.Groups["service"].Value != service)
        {
            return SigV4Verdict.WrongScope;
        }
        if (key.SessionToken is not null)
        {
            if (request.Headers["X-Amz-Security-Token"].ToString() != key.SessionToken)
            {
                return SigV4Verdict.MissingSessionToken;
            }
            if (key.Expiration is { } expiration && now >= expiration)
            {
                return SigV4Verdict.ExpiredToken;
            }
        }

        var rawTarget = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? request.Path + request.QueryString;
        var question = rawTarget.IndexOf('?', StringComparison.Ordinal);
        var rawPath = question < 0 ? rawTarget : rawTarget[..question];
        var rawQuery = question < 0 ? string.Empty : rawTarget[(question + 1)..];
        var path = service == "s3" ? rawPath : string.Join("/", rawPath.Split('/').Select(Uri.EscapeDataString));
        var query = string.Join("&", rawQuery.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .Select(p => (Name: Uri.EscapeDataString(Uri.UnescapeDataString(p[0])), Value: Uri.EscapeDataString(Uri.UnescapeDataString(p.Length > 1 ? p[1] : string.Empty))))
            .OrderBy(p => p.Name, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal)
            .Select(p => $"{p.Name}={p.Value}"));
        var headerBlock = new StringBuilder();
        foreach (var name in signedHeaders)
        {
            var values = name == "host" ? [request.Host.Value ?? string.Empty] : request.Headers[name].Select(v => v ?? string.Empty).ToArray();
            headerBlock.Append(name).Append(':').Append(string.Join(",", values.Select(v => Spaces().Replace(v.Trim(), " ")))).Append('\n');
        }
        var payload = request.Headers["X-Amz-Content-Sha256"].ToString() is { Length: > 0 } stated ? stated : Convert.ToHexStringLower(SHA256.HashData(body));
        var canonical = $"{request.Method}\n{path}\n{query}\n{headerBlock}\n{match.Groups["signed"].Value}\n{payload}";
        var scope = $"{match.Groups["date"].Value}/{region}/{service}/aws4_request";
        var toSign = $"AWS4-HMAC-SHA256\n{amzDate}\n{scope}\n{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)))}";
        var signingKey = Encoding.UTF8.GetBytes("AWS4" + key.SecretAccessKey);
        foreach (var part in new[] { match.Groups["date"].Value, region, service, "aws4_request" })
        {
            signingKey = HMACSHA256.HashData(signingKey, Encoding.UTF8.GetBytes(part));
        }
        var expected = Convert.ToHexStringLower(HMACSHA256.HashData(signingKey, Encoding.UTF8.GetBytes(toSign)));
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(match.Groups["signature"].Value))
            ? SigV4Verdict.Valid
            : SigV4Verdict.SignatureMismatch;
    }

    [GeneratedRegex(@"^AWS4-HMAC-SHA256 Credential=(?<key>[^/]+)/(?<date>\d{8})/(?<region>[^/]+)/(?<service>[^/]+)/aws4_request, ?SignedHeaders=(?<signed>[a-z0-9;-]+), ?Signature=(?<signature>[0-9a-f]{64})$")]
    private static partial Regex AuthorizationPattern();

    [GeneratedRegex(" +")]
    private static partial Regex Spaces();
}
