using Sigilum.Protocol.Digests;
using Sigilum.Protocol.Encoding;

namespace Sigilum.Protocol.Signatures;

/// <summary>Signs HTTP requests with the Sigilum RFC 9421 profile (spec §1).</summary>
public static class RequestSigner
{
    /// <summary>
    /// Signs <paramref name="request"/>. The result's headers are exactly what the reference SDKs emit;
    /// with fixed <see cref="SignOptions"/> they are byte-identical to the golden vectors.
    /// </summary>
    public static SignedRequest Sign(SigningIdentity identity, SignRequest request, TimeProvider time, SignOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(identity);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(time);
        var target = SignatureTargetUri.Normalize(request.Url);
        if (!target.IsSuccess)
        {
            throw new ArgumentException(target.Error.Reason, nameof(request));
        }
        var hasBody = !request.Body.IsEmpty;
        var subject = string.IsNullOrWhiteSpace(request.Subject) ? identity.Namespace : request.Subject.Trim();
        var agentId = string.IsNullOrWhiteSpace(request.AgentId) ? null : request.AgentId.Trim();

        var headers = new List<KeyValuePair<string, string>>(8)
        {
            new(SigilumHeaders.Namespace, identity.Namespace),
            new(SigilumHeaders.Subject, subject),
        };
        if (agentId is not null)
        {
            headers.Add(new(SigilumHeaders.AgentId, agentId));
        }
        headers.Add(new(SigilumHeaders.AgentKey, identity.AgentKeyHeader));
        headers.Add(new(SigilumHeaders.AgentCert, identity.CertificateHeader));
        if (hasBody)
        {
            headers.Add(new(SigilumHeaders.ContentDigest, ContentDigest.Compute(request.Body.Span)));
        }

        var parameters = new SignatureParams
        {
            Components = SignatureComponents.For(hasBody, agentId is not null),
            Created = options?.Created ?? time.GetUtcNow().ToUnixTimeSeconds(),
            KeyId = identity.KeyId,
            // UUIDv4 from the OS CSPRNG, lower-case with dashes, as the reference SDKs send.
            Nonce = options?.Nonce ?? Guid.NewGuid().ToString("D"),
        };
        var signatureBase = SignatureBase.Build(parameters, request.Method, target.Value, name => Lookup(headers, name));
        if (!signatureBase.IsSuccess)
        {
            throw new ArgumentException(signatureBase.Error.Reason, nameof(request));
        }
        var signature = identity.Sign(System.Text.Encoding.UTF8.GetBytes(signatureBase.Value));
        headers.Add(new(SigilumHeaders.SignatureInput, SigilumHeaders.Label + "=" + parameters.ToText()));
        headers.Add(new(SigilumHeaders.Signature, SigilumHeaders.Label + "=:" + Base64Std.Encode(signature) + ":"));
        return new SignedRequest { Method = request.Method, TargetUri = target.Value, SignatureBase = signatureBase.Value, Headers = headers };
    }

    private static string? Lookup(List<KeyValuePair<string, string>> headers, string name)
    {
        foreach (var header in headers)
        {
            if (header.Key == name)
            {
                return header.Value;
            }
        }
        return null;
    }
}
