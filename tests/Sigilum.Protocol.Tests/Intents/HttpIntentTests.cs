using Sigilum.Protocol.Errors;

namespace Sigilum.Protocol.Intents;

public sealed class HttpIntentTests
{
    [Fact]
    public void Create_GetWithQuery_ProducesKnownCanonicalJsonAndHashes()
    {
        // Expected values computed independently (Python json.dumps sort_keys + hashlib).
        var intent = HttpIntent.Create("GET", "https://API.example.com:443/v1/items?limit=10#ignored").Value!;

        Assert.Equal("""{"action":"http","method":"GET","url":"https://api.example.com/v1/items?limit=10"}""", intent.ToCanonicalJson());
        Assert.Equal("e0c765edb9c541a1711f20b6b91dd7ececef83ee69ab0ccbd781e578cda7e9c5", intent.Commitment.TxCommit);
        Assert.Equal("5eec3611d6dded4d0c10f3a197184a7e75ad8de43b5179d1aaea0be1b1679d73", intent.Commitment.IntentHash);
    }

    [Fact]
    public void Create_MethodCase_IsKeptAsGiven()
    {
        var lower = HttpIntent.Create("get", "https://api.example.com/").Value!;
        var upper = HttpIntent.Create("GET", "https://api.example.com/").Value!;

        Assert.Equal("get", lower.Method);
        Assert.NotEqual(lower.Commitment.IntentHash, upper.Commitment.IntentHash);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("GET ")]
    [InlineData("G\"T")]
    [InlineData("GE(T")]
    [InlineData("G\u00c9T")]
    public void Create_MethodNotAToken_FailsMethodInvalid(string? method)
    {
        Assert.Equal(ErrorCatalogue.IntentMethodInvalid, HttpIntent.Create(method, "https://api.example.com/").Error?.Code);
    }

    [Fact]
    public void Create_BadUrl_FailsUrlInvalid()
    {
        Assert.Equal(ErrorCatalogue.IntentUrlInvalid, HttpIntent.Create("GET", "https://u@h/").Error?.Code);
    }

    [Fact]
    public void Create_IssuerAndVerifierSpellings_AgreeOnIntentHash()
    {
        // The agent names the URL one way; the vault rebuilds it from the request line and Host.
        var issued = HttpIntent.Create("POST", "https://API.Example.com:443/v1/chat?stream=true").Value!;
        var rebuilt = HttpIntent.Create("POST", "https://api.example.com/v1/chat?stream=true").Value!;

        Assert.Equal(issued.Commitment, rebuilt.Commitment);
    }
}
