using System.Globalization;

namespace Sigilum.Backends.Aws;

/// <summary>Signs an <see cref="HttpRequestMessage"/> in place with SigV4 (host, content-type, content-md5 and every x-amz-* header).</summary>
internal static class AwsRequestSigning
{
    private static readonly string[] Replaced = ["Authorization", "X-Amz-Date", "X-Amz-Security-Token"];

    public static async Task SignAsync(HttpRequestMessage request, AwsCredentials credentials, string region, string service, DateTimeOffset time, CancellationToken cancellationToken)
    {
        var uri = request.RequestUri ?? throw new ArgumentException("The request has no URI.", nameof(request));
        foreach (var name in Replaced)
        {
            request.Headers.Remove(name);
        }
        request.Headers.Host ??= uri.IsDefaultPort ? uri.Host : $"{uri.Host}:{uri.Port.ToString(CultureInfo.InvariantCulture)}";
        request.Headers.TryAddWithoutValidation("X-Amz-Date", time.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture));
        if (credentials.SessionToken is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Amz-Security-Token", credentials.SessionToken);
        }

        // S3 (and anyone else who sent one) states the payload hash, possibly UNSIGNED-PAYLOAD: sign that.
        string payloadHash;
        if (request.Headers.TryGetValues("X-Amz-Content-Sha256", out var stated))
        {
            payloadHash = stated.First();
        }
        else if (request.Content is null)
        {
            payloadHash = SigV4Signer.EmptyPayloadHash;
        }
        else
        {
            var body = await request.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            payloadHash = SigV4Signer.PayloadHash(body);
        }

        var headers = new List<KeyValuePair<string, string>>();
        foreach (var (name, values) in request.Headers.NonValidated)
        {
            if (name.Equals("Host", StringComparison.OrdinalIgnoreCase) || name.StartsWith("x-amz-", StringComparison.OrdinalIgnoreCase))
            {
                headers.AddRange(values.Select(v => KeyValuePair.Create(name, v)));
            }
        }
        if (request.Content is not null)
        {
            foreach (var (name, values) in request.Content.Headers.NonValidated)
            {
                if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase) || name.Equals("Content-MD5", StringComparison.OrdinalIgnoreCase))
                {
                    headers.AddRange(values.Select(v => KeyValuePair.Create(name, v)));
                }
            }
        }
        var signature = SigV4Signer.Sign(request.Method.Method, uri.AbsolutePath, uri.Query, headers, payloadHash, credentials, region, service, time);
        request.Headers.TryAddWithoutValidation("Authorization", signature.Authorization);
    }
}
