using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using Sigilum.Protocol.Json;

namespace Sigilum.Protocol.Intents;

public sealed class IntentCommitmentTests
{
    [Fact]
    public void Compute_NestedIntent_MatchesIndependentComputation()
    {
        var intent = new JsonObject
        {
            ["b"] = new JsonArray(3, new JsonObject { ["z"] = 1, ["a"] = "\u00e9" }),
            ["a"] = null,
            ["B"] = true,
        };

        var commitment = IntentCommitment.Compute(intent);

        Assert.Equal("""{"B":true,"a":null,"b":[3,{"a":"é","z":1}]}""", CanonicalJson.Serialize(intent));
        Assert.Equal("ff13a999e730354ebeab7e7c45db52d9ed56712c27a6ff2feffb96876c0043eb", commitment.TxCommit);
        Assert.Equal("92e253c6a92e69c9c02732b4a3609abeac752181da333ecc692de84a10f48f9e", commitment.IntentHash);
    }

    [Fact]
    public void IntentHashOf_HashesTheHexText()
    {
        // SHA-256("abc"): the hex text is hashed as UTF-8, never decoded to bytes first.
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", IntentCommitment.IntentHashOf("abc"));
    }

    [Fact]
    public void Compute_KeyOrderPermutation_SameCommitment()
    {
        string[] names = ["action", "method", "url", "amount", "to", "Z", "a", "\u00e9", "\ud83d\ude00", "\uff21"];
        var entries =
            from subset in Gen.SubListOf(names)
            from values in Gen.ArrayOf(ArbMap.Default.GeneratorFor<int>(), subset.Count)
            select subset.Zip(values).ToArray();
        var cases = from original in entries from shuffled in Gen.Shuffle(original) select (original, shuffled);

        Prop.ForAll(cases.ToArbitrary(), pair =>
        {
            var original = Build(pair.original);
            var permuted = Build(pair.shuffled);
            return CanonicalJson.Serialize(original) == CanonicalJson.Serialize(permuted) &&
                   IntentCommitment.Compute(original) == IntentCommitment.Compute(permuted);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Serialize_KeysSortedByUtf16CodeUnits_NotByCodePoint()
    {
        // U+FF21 (one code unit 0xFF21) sorts after U+1F600 (surrogates 0xD83D 0xDE00) in UTF-16
        // order, though its code point is smaller. Read back rather than compare text: how
        // CanonicalJson escapes non-BMP characters is a separate question.
        var intent = new JsonObject { ["\uff21"] = 1, ["\ud83d\ude00"] = 2 };

        var keys = JsonNode.Parse(CanonicalJson.Serialize(intent))!.AsObject().Select(p => p.Key);

        Assert.Equal(["\ud83d\ude00", "\uff21"], keys);
    }

    private static JsonObject Build((string Key, int Value)[] entries)
    {
        var result = new JsonObject();
        foreach (var (key, value) in entries)
        {
            result[key] = value;
        }
        return result;
    }
}
