using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Sigilum.Backends.Aws;

/// <summary>
/// AWS Signature Version 4 (header form), written from AWS's published algorithm and checked against
/// the SigV4 test-suite vectors (tests/Sigilum.Backends.Tests/testdata/sigv4). Every header passed in
/// is signed; callers choose which. The path is the request path as sent (percent-encoded on the wire);
/// for every service except S3 it is normalised (RFC 3986 §5.2.4) and URI-encoded again, as AWS
/// requires; for S3 it is used as is.
/// </summary>
internal static class SigV4Signer
{
    public const string Algorithm = "AWS4-HMAC-SHA256";
    public const string EmptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    public static SigV4Signature Sign(
        string method,
        string path,
        string? query,
        IReadOnlyList<KeyValuePair<string, string>> headers,
        string payloadHash,
        AwsCredentials credentials,
        string region,
        string service,
        DateTimeOffset time)
    {
        var amzDate = time.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var date = amzDate[..8];
        var (canonicalHeaders, signedHeaders) = CanonicalHeaders(headers);
        var canonicalRequest = string.Join('\n',
            method.ToUpperInvariant(),
            CanonicalPath(path, service),
            CanonicalQuery(query),
            canonicalHeaders,
            signedHeaders,
            payloadHash);
        var scope = $"{date}/{region}/{service}/aws4_request";
        var stringToSign = string.Join('\n', Algorithm, amzDate, scope, Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest))));
        var key = SigningKey(credentials.SecretAccessKey, date, region, service);
        string signature;
        try
        {
            signature = Hex(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(stringToSign)));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
        var authorization = $"{Algorithm} Credential={credentials.AccessKeyId}/{scope}, SignedHeaders={signedHeaders}, Signature={signature}";
        return new SigV4Signature(authorization, signature, canonicalRequest, stringToSign, amzDate);
    }

    public static string PayloadHash(ReadOnlySpan<byte> body) => Hex(SHA256.HashData(body));

    /// <summary>kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request").</summary>
    internal static byte[] SigningKey(string secretAccessKey, string date, string region, string service)
    {
        var secret = Encoding.UTF8.GetBytes("AWS4" + secretAccessKey);
        try
        {
            var kDate = HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes(date));
            var kRegion = HMACSHA256.HashData(kDate, Encoding.UTF8.GetBytes(region));
            var kService = HMACSHA256.HashData(kRegion, Encoding.UTF8.GetBytes(service));
            var kSigning = HMACSHA256.HashData(kService, "aws4_request"u8);
            CryptographicOperations.ZeroMemory(kDate);
            CryptographicOperations.ZeroMemory(kRegion);
            CryptographicOperations.ZeroMemory(kService);
            return kSigning;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
        }
    }

    internal static string CanonicalPath(string path, string service)
    {
        if (string.IsNullOrEmpty(path))
        {
            return "/";
        }
        if (service == "s3")
        {
            return path;
        }
        return UriEncode(RemoveDotSegments(path), encodeSlash: false);
    }

    /// <summary>Names and values decoded, re-encoded with RFC 3986 unreserved characters only, sorted by name then value.</summary>
    internal static string CanonicalQuery(string? query)
    {
        if (string.IsNullOrEmpty(query))
        {
            return string.Empty;
        }
        var pairs = new List<(string Name, string Value)>();
        foreach (var part in query.TrimStart('?').Split('&'))
        {
            if (part.Length == 0)
            {
                continue;
            }
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? part : part[..equals];
            var value = equals < 0 ? string.Empty : part[(equals + 1)..];
            pairs.Add((UriEncode(Uri.UnescapeDataString(name), encodeSlash: true), UriEncode(Uri.UnescapeDataString(value), encodeSlash: true)));
        }
        pairs.Sort((a, b) =>
        {
            var byName = string.CompareOrdinal(a.Name, b.Name);
            return byName != 0 ? byName : string.CompareOrdinal(a.Value, b.Value);
        });
        return string.Join('&', pairs.Select(p => p.Name + "=" + p.Value));
    }

    /// <summary>Lower-case names, trimmed values with inner runs of spaces collapsed, repeated headers joined by commas in order.</summary>
    internal static (string Canonical, string Signed) CanonicalHeaders(IReadOnlyList<KeyValuePair<string, string>> headers)
    {
        var byName = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var (name, value) in headers)
        {
            var key = name.Trim().ToLowerInvariant();
            if (!byName.TryGetValue(key, out var values))
            {
                byName[key] = values = [];
            }
            values.Add(CollapseSpaces(value));
        }
        var canonical = new StringBuilder();
        foreach (var (name, values) in byName)
        {
            canonical.Append(name).Append(':').AppendJoin(',', values).Append('\n');
        }
        return (canonical.ToString(), string.Join(';', byName.Keys));
    }

    private static string CollapseSpaces(string value)
    {
        var builder = new StringBuilder(value.Length);
        var space = false;
        foreach (var c in value.Trim())
        {
            if (c is ' ' or '\t')
            {
                space = true;
                continue;
            }
            if (space && builder.Length > 0)
            {
                builder.Append(' ');
            }
            space = false;
            builder.Append(c);
        }
        return builder.ToString();
    }

    /// <summary>RFC 3986 §5.2.4 remove_dot_segments, keeping a trailing slash.</summary>
    private static string RemoveDotSegments(string path)
    {
        if (!path.Contains('.', StringComparison.Ordinal))
        {
            return path;
        }
        var output = new List<string>();
        var segments = path.Split('/');
        for (var i = 0; i < segments.Length; i++)
        {
            var segment = segments[i];
            if (segment == ".")
            {
                if (i == segments.Length - 1)
                {
                    output.Add(string.Empty);
                }
                continue;
            }
            if (segment == "..")
            {
                if (output.Count > 1)
                {
                    output.RemoveAt(output.Count - 1);
                }
                if (i == segments.Length - 1)
                {
                    output.Add(string.Empty);
                }
                continue;
            }
            output.Add(segment);
        }
        var result = string.Join('/', output);
        return result.StartsWith('/') ? result : "/" + result;
    }

    /// <summary>AWS's UriEncode: every byte except A–Z a–z 0–9 - _ . ~ (and '/' when allowed) as %XX upper-case.</summary>
    internal static string UriEncode(string value, bool encodeSlash)
    {
        var builder = new StringBuilder(value.Length);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~' || (c == '/' && !encodeSlash))
            {
                builder.Append(c);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }
        return builder.ToString();
    }

    private static string Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);
}
