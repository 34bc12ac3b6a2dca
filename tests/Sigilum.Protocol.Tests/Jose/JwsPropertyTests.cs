using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;

namespace Sigilum.Protocol.Jose;

public sealed class JwsPropertyTests
{
    private const string Base64UrlAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    [Fact]
    public void SignThenVerify_RandomPayload_RoundTrips()
    {
        using var key = JwsTestKit.Key();
        Prop.ForAll(Payloads(), claims =>
        {
            var payload = ToObject(claims);
            var result = JwsTestKit.Verify(JwsSigner.Sign(payload, key, JwsTestKit.Kid));
            return result.IsSuccess && JsonNode.DeepEquals(JsonNode.Parse(result.Value.Payload.GetRawText()), payload);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Verify_AnyOneCharacterChanged_Fails()
    {
        using var key = JwsTestKit.Key();
        var positions = Gen.Choose(0, int.MaxValue);
        var replacements = Gen.Elements(Base64UrlAlphabet.ToCharArray());
        Prop.ForAll(Payloads(), positions.ToArbitrary(), replacements.ToArbitrary(), (claims, position, replacement) =>
        {
            var token = JwsSigner.Sign(ToObject(claims), key, JwsTestKit.Kid);
            var at = position % token.Length;
            if (token[at] == '.' || token[at] == replacement)
            {
                return true;   // not a change of one base64url character
            }
            var mutated = token[..at] + replacement + token[(at + 1)..];
            return !JwsTestKit.Verify(mutated).IsSuccess;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Verify_AnyOneSignedByteFlipped_Fails()
    {
        using var key = JwsTestKit.Key();
        Prop.ForAll(Payloads(), Gen.Choose(0, int.MaxValue).ToArbitrary(), Gen.Choose(1, 255).ToArbitrary(), (claims, position, mask) =>
        {
            var parts = JwsSigner.Sign(ToObject(claims), key, JwsTestKit.Kid).Split('.');
            var part = position % 3;
            Encoding.Base64Url.TryDecode(parts[part], out var bytes);
            if (bytes!.Length == 0)
            {
                return true;
            }
            bytes[position / 3 % bytes.Length] ^= (byte)mask;
            parts[part] = Encoding.Base64Url.Encode(bytes);
            return !JwsTestKit.Verify(string.Join('.', parts)).IsSuccess;
        }).QuickCheckThrowOnFailure();
    }

    private static Arbitrary<(string Name, string? Text, long Number)[]> Payloads()
    {
        var name = Gen.Elements("iss", "sub", "aud", "jti", "x", "y", "unicode-\u00e9", "q\"uote");
        var text = ArbMap.Default.GeneratorFor<string>().Where(s => s is null || !s.Any(char.IsSurrogate));
        var number = ArbMap.Default.GeneratorFor<long>();
        var claim = from n in name from t in text from v in number select (n, t, v);
        return claim.ArrayOf().ToArbitrary();
    }

    private static JsonObject ToObject((string Name, string? Text, long Number)[] claims)
    {
        var payload = new JsonObject();
        foreach (var (name, text, number) in claims)
        {
            payload[name] = text is null ? JsonValue.Create(number) : JsonValue.Create(text);
        }
        return payload;
    }
}
