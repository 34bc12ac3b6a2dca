using System.Text.Json.Nodes;

namespace Sigilum.Protocol.Dids;

public sealed class DidDocumentBuilderTests
{
    [Fact]
    public void Build_OneKey_ProducesDidCoreDocument()
    {
        var key = Keys.Rfc8032Vectors.Test1.PublicKeyBytes;
        const string Did = "did:sigilum:acme";
        const string KeyId = Did + "#ed25519-0011223344556677";

        var doc = DidDocumentBuilder.Build(Did, KeyId, key);

        var expected = JsonNode.Parse($$"""
            {
              "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/suites/ed25519-2020/v1"],
              "id": "{{Did}}",
              "verificationMethod": [{
                "id": "{{KeyId}}",
                "type": "Ed25519VerificationKey2020",
                "controller": "{{Did}}",
                "publicKeyMultibase": "{{Ed25519Multikey.Encode(key)}}"
              }],
              "authentication": ["{{KeyId}}"],
              "assertionMethod": ["{{KeyId}}"]
            }
            """);
        Assert.True(JsonNode.DeepEquals(expected, doc), doc.ToJsonString());
    }

    [Fact]
    public void Build_PublicKeyMultibase_DecodesBackToTheKey()
    {
        var key = Keys.Rfc8032Vectors.Test2.PublicKeyBytes;

        var doc = DidDocumentBuilder.Build("did:sigilum:acme", "did:sigilum:acme#k", key);
        var multibase = doc["verificationMethod"]![0]!["publicKeyMultibase"]!.GetValue<string>();

        Assert.StartsWith("z6Mk", multibase);
        Assert.True(Ed25519Multikey.TryDecode(multibase, out var decoded));
        Assert.Equal(key, decoded);
    }

    [Fact]
    public void Build_TwoKeys_ListsBothInOrder()
    {
        var doc = DidDocumentBuilder.Build("did:sigilum:acme", [
            new DidVerificationKey("did:sigilum:acme#a", Keys.Rfc8032Vectors.Test1.PublicKeyBytes),
            new DidVerificationKey("did:sigilum:acme#b", Keys.Rfc8032Vectors.Test2.PublicKeyBytes),
        ]);

        Assert.Equal(["did:sigilum:acme#a", "did:sigilum:acme#b"], doc["authentication"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal(2, doc["verificationMethod"]!.AsArray().Count);
    }

    [Fact]
    public void Build_NoKeysOrDuplicateIds_Throws()
    {
        var key = Keys.Rfc8032Vectors.Test1.PublicKeyBytes;

        Assert.Throws<ArgumentException>(() => DidDocumentBuilder.Build("did:sigilum:acme", []));
        Assert.Throws<ArgumentException>(() => DidDocumentBuilder.Build("did:sigilum:acme", [
            new DidVerificationKey("did:sigilum:acme#a", key),
            new DidVerificationKey("did:sigilum:acme#a", key),
        ]));
    }
}
