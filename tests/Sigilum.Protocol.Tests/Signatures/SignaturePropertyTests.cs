using FsCheck;
using FsCheck.Fluent;
using Sigilum.Protocol.Digests;
using Sigilum.Protocol.Errors;
using Sigilum.Protocol.Identity;
using Sigilum.Protocol.StructuredFields;

namespace Sigilum.Protocol.Signatures;

/// <summary>Properties over random inputs (FsCheck): parsers never throw, round trips hold, tampering is caught.</summary>
public sealed class SignaturePropertyTests : IDisposable
{
    private static readonly Config Runs = Config.QuickThrowOnFailure.WithMaxTest(300);
    private readonly SigningIdentity _alice = Fixtures.Fresh("alice");

    public void Dispose() => _alice.Dispose();

    /// <summary>Strings biased towards the characters our parsers care about.</summary>
    private static Arbitrary<string> HeaderLike() =>
        Gen.Elements("sig1", "=", "(", ")", "\"", ";", ":", ",", " ", "created", "keyid", "alg", "nonce", "1", "-", "AAAA", "==", "\\", "é", "\n", "?1", "*", "@method", "sha-256", "e30")
            .ArrayOf()
            .Select(parts => string.Concat(parts))
            .ToArbitrary();

    [Fact]
    public void Parsers_ArbitraryInput_NeverThrow()
    {
        Check.One(Runs, Prop.ForAll(HeaderLike(), text =>
        {
            _ = StructuredFieldParser.ParseDictionary(text);
            _ = SignatureParams.Parse(text);
            _ = AgentCertificate.ParseHeader(text);
            _ = IdentityRecord.Parse(text);
            _ = ContentDigest.Verify(text, "x"u8);
            _ = SignatureTargetUri.Normalize(text);
        }));
        Check.One(Runs, Prop.ForAll<string>(text =>
        {
            _ = StructuredFieldParser.ParseDictionary(text);
            _ = SignatureParams.Parse(text);
            _ = AgentCertificate.ParseHeader(text);
            _ = IdentityRecord.Parse(text ?? string.Empty);
            _ = SignatureTargetUri.Normalize(text);
        }));
    }

    [Fact]
    public void Verify_ArbitraryHeaderValues_ReturnsACodeNeverThrows()
    {
        var names = SigilumHeaders.All.ToArray();
        Check.One(Runs, Prop.ForAll(HeaderLike(), HeaderLike(), (a, b) =>
        {
            var request = CraftedRequest.Valid(_alice).Signed();
            var index = Math.Abs(a.Length + b.Length) % names.Length;
            request = request with { Headers = [.. request.Headers.Where(h => h.Key != names[index]), new(names[index], a + b)] };
            var result = RequestVerifier.Verify(request, Fixtures.At(ConformanceVectors.Created + 5));
            return !result.IsValid && result.Code is not null && result.Code != ErrorCatalogue.SigInternalError;
        }));
    }

    [Fact]
    public void SignThenVerify_RandomRequests_RoundTrip()
    {
        var gen =
            from method in Gen.Elements("GET", "POST", "PUT", "PATCH", "DELETE", "get")
            from path in Gen.Elements("", "/", "/v1/x", "/a/b%2Fc", "/~user/%7E")
            from query in Gen.Elements("", "?", "?a=1", "?a=1&b=%20x")
            from body in ArbMap.Default.GeneratorFor<byte[]>()
            from subject in Gen.Elements<string?>(null, "", "user-1", "  padded  ")
            select (method, url: "https://Api.Example.TEST" + path + query + "#frag", body, subject);
        Check.One(Runs, Prop.ForAll(gen.ToArbitrary(), c =>
        {
            var signed = RequestSigner.Sign(_alice, new SignRequest { Method = c.method, Url = c.url, Body = c.body, Subject = c.subject }, TimeProvider.System, Fixtures.FixedOptions);
            var result = RequestVerifier.Verify(new VerifyRequest { Method = c.method, TargetUri = signed.TargetUri, Headers = signed.Headers, Body = c.body }, Fixtures.At(ConformanceVectors.Created + 1));
            return result.IsValid && result.Subject == (string.IsNullOrWhiteSpace(c.subject) ? "alice" : c.subject.Trim());
        }));
    }

    [Fact]
    public void Verify_AnySingleByteOfBodyChanged_Fails()
    {
        var gen =
            from body in ArbMap.Default.GeneratorFor<byte[]>().Where(b => b.Length > 0)
            from index in Gen.Choose(0, 1 << 20)
            from flip in Gen.Choose(1, 255)
            select (body, index, flip);
        Check.One(Runs, Prop.ForAll(gen.ToArbitrary(), c =>
        {
            var signed = RequestSigner.Sign(_alice, new SignRequest { Method = "POST", Url = CraftedRequest.Url, Body = c.body }, TimeProvider.System, Fixtures.FixedOptions);
            var tampered = (byte[])c.body.Clone();
            tampered[c.index % tampered.Length] ^= (byte)c.flip;
            var result = RequestVerifier.Verify(new VerifyRequest { Method = "POST", TargetUri = signed.TargetUri, Headers = signed.Headers, Body = tampered }, Fixtures.At(ConformanceVectors.Created + 1));
            return result.Code == ErrorCatalogue.SigContentDigestMismatch;
        }));
    }

    [Fact]
    public void Verify_AnyCharacterOfSignatureInputChanged_Fails()
    {
        var signed = RequestSigner.Sign(_alice, new SignRequest { Method = "GET", Url = CraftedRequest.Url }, TimeProvider.System, Fixtures.FixedOptions);
        var input = signed[SigilumHeaders.SignatureInput]!;
        var gen = from index in Gen.Choose(0, input.Length - 1)
                  from replacement in Gen.Elements('a', 'Z', '0', '"', ' ', ';', '=', '(', ')', 'x')
                  where input[index] != replacement
                  select (index, replacement);
        Check.One(Runs, Prop.ForAll(gen.ToArbitrary(), c =>
        {
            var chars = input.ToCharArray();
            chars[c.index] = c.replacement;
            var headers = signed.Headers.Select(h => h.Key == SigilumHeaders.SignatureInput ? new KeyValuePair<string, string>(h.Key, new string(chars)) : h).ToList();
            var result = RequestVerifier.Verify(new VerifyRequest { Method = "GET", TargetUri = signed.TargetUri, Headers = headers }, Fixtures.At(ConformanceVectors.Created + 1, maxAge: TimeSpan.FromDays(365 * 100)) with { FutureSkew = TimeSpan.FromDays(365 * 100) });
            return !result.IsValid;
        }));
    }

    [Fact]
    public void SignatureParams_ToTextThenParse_RoundTrips()
    {
        var gen =
            from created in Gen.Choose(1, int.MaxValue)
            from nonce in Gen.Elements("n", "123e4567-e89b-12d3-a456-426614174000", "a\\b", "q\"uote")
            from keyId in Gen.Elements("did:sigilum:a#ed25519-0011223344556677", "k")
            from withBody in ArbMap.Default.GeneratorFor<bool>()
            select new SignatureParams { Components = SignatureComponents.For(withBody, false), Created = created, KeyId = keyId, Nonce = nonce };
        Check.One(Runs, Prop.ForAll(gen.ToArbitrary(), p =>
        {
            var parsed = SignatureParams.Parse("sig1=" + p.ToText());
            return parsed.IsSuccess && parsed.Value.ToText() == p.ToText();
        }));
    }
}
