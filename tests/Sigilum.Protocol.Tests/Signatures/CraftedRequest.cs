using Sigilum.Protocol.Encoding;

namespace Sigilum.Protocol.Signatures;

/// <summary>
/// Builds correctly signed requests with arbitrary headers and parameters, so a test can break exactly one
/// rule while the signature over what was sent stays valid.
/// </summary>
internal sealed record CraftedRequest
{
    public const string Url = "https://api.example.test/v1/things?x=1";

    public required SigningIdentity Identity { get; init; }

    public string Method { get; init; } = "POST";

    public byte[] Body { get; init; } = "{\"a\":1}"u8.ToArray();

    public required List<KeyValuePair<string, string>> Headers { get; init; }

    public required SignatureParams Parameters { get; init; }

    /// <summary>A valid POST signed by <paramref name="identity"/>, ready to be changed.</summary>
    public static CraftedRequest Valid(SigningIdentity identity)
    {
        var body = "{\"a\":1}"u8.ToArray();
        var headers = new List<KeyValuePair<string, string>>
        {
            new(SigilumHeaders.Namespace, identity.Namespace),
            new(SigilumHeaders.Subject, identity.Namespace),
            new(SigilumHeaders.AgentKey, identity.AgentKeyHeader),
            new(SigilumHeaders.AgentCert, identity.CertificateHeader),
            new(SigilumHeaders.ContentDigest, Digests.ContentDigest.Compute(body)),
        };
        var parameters = new SignatureParams { Components = SignatureComponents.WithBody, Created = ConformanceVectors.Created, KeyId = identity.KeyId, Nonce = "n-" + Guid.NewGuid() };
        return new CraftedRequest { Identity = identity, Headers = headers, Parameters = parameters, Body = body };
    }

    public CraftedRequest WithHeader(string name, string? value)
    {
        var headers = Headers.Where(h => h.Key != name).ToList();
        if (value is not null)
        {
            headers.Add(new(name, value));
        }
        return this with { Headers = headers };
    }

    /// <summary>Signs what is set now and returns the request as a verifier receives it.</summary>
    public VerifyRequest Signed(string? signatureInputOverride = null, string? signatureOverride = null)
    {
        var lookup = Headers.ToDictionary(h => h.Key, h => h.Value);
        var signatureBase = SignatureBase.Build(Parameters, Method, Url, name => lookup.GetValueOrDefault(name));
        var signature = signatureBase.IsSuccess ? Identity.Sign(System.Text.Encoding.UTF8.GetBytes(signatureBase.Value)) : new byte[64];
        var headers = new List<KeyValuePair<string, string>>(Headers)
        {
            new(SigilumHeaders.SignatureInput, signatureInputOverride ?? "sig1=" + Parameters.ToText()),
            new(SigilumHeaders.Signature, signatureOverride ?? "sig1=:" + Base64Std.Encode(signature) + ":"),
        };
        return new VerifyRequest { Method = Method, TargetUri = Url, Headers = headers, Body = Body };
    }
}
