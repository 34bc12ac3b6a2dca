using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Sigilum.Protocol.Audit;
using Sigilum.Protocol.Identity;
using Sigilum.Protocol.Keys;
using Sigilum.Protocol.Signatures;

namespace Sigilum.ControlPlane.Witness;

/// <summary>The audit witness on real HTTP: checkpoints signed by a registered gateway's own key.</summary>
public sealed class WitnessEndpointsTests : IAsyncLifetime
{
    private readonly Ed25519KeyPair _nodeKey = Ed25519KeyPair.Generate();
    private ControlPlaneFixture _cp = null!;
    private HttpClient _owner = null!;
    private HttpClient _node = null!;
    private string _nodeId = null!;

    public async Task InitializeAsync()
    {
        _cp = await ControlPlaneFixture.StartAsync(o => o.Webhooks.DispatcherEnabled = false);
        var (_, token) = await _cp.RegisterOwnerAsync("alice");
        _owner = _cp.PlainClient(token);
        (_node, _nodeId) = await RegisterNodeAsync(_owner, "alice", _nodeKey);
    }

    public async Task DisposeAsync()
    {
        await _cp.DisposeAsync();
        _nodeKey.Dispose();
    }

    [Fact]
    public async Task Post_ValidCheckpoint_Returns201AndIsTheLatest()
    {
        var checkpoint = Sign(_nodeId, 10, _nodeKey);

        var response = await PostAsync(_node, checkpoint.ToString());

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var latest = await _owner.GetFromJsonAsync<JsonElement>($"v1/witness/nodes/{_nodeId}/latest");
        Assert.Equal((10, checkpoint.Head), (latest.GetProperty("seq").GetInt64(), latest.GetProperty("head").GetString()));
        var stored = AuditCheckpoint.Parse(latest.GetProperty("checkpoint").GetString()!);
        Assert.True(stored.IsSuccess && stored.Value.IsSignedBy(_nodeKey.PublicKey));
    }

    [Fact]
    public async Task Post_SameCheckpointTwice_Returns200Duplicate()
    {
        var checkpoint = Sign(_nodeId, 10, _nodeKey).ToString();
        (await PostAsync(_node, checkpoint)).EnsureSuccessStatusCode();

        var again = await PostAsync(_node, checkpoint);

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.True((await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("duplicate").GetBoolean());
    }

    [Fact]
    public async Task Post_SignedByAnotherKey_Returns403KeyMismatch()
    {
        using var other = Ed25519KeyPair.Generate();

        var response = await PostAsync(_node, Sign(_nodeId, 10, other).ToString());

        await AssertProblemAsync(response, HttpStatusCode.Forbidden, "AUDIT_CHECKPOINT_KEY_MISMATCH");
    }

    [Fact]
    public async Task Post_ForgedSignature_Returns400SignatureInvalid()
    {
        var genuine = Sign(_nodeId, 10, _nodeKey);
        var forged = genuine.ToString().Replace(genuine.Head, Hash("rewritten"), StringComparison.Ordinal);

        var response = await PostAsync(_node, forged);

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "AUDIT_CHECKPOINT_SIGNATURE_INVALID");
    }

    [Fact]
    public async Task Post_CheckpointOfAnotherNode_Returns403NodeMismatch()
    {
        var response = await PostAsync(_node, Sign("gw_someoneelse", 10, _nodeKey).ToString());

        await AssertProblemAsync(response, HttpStatusCode.Forbidden, "AUDIT_CHECKPOINT_NODE_MISMATCH");
    }

    [Fact]
    public async Task Post_NotACheckpoint_Returns400Invalid()
    {
        var response = await PostAsync(_node, """{"v":1,"node":"x"}""");

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "AUDIT_CHECKPOINT_INVALID");
    }

    [Fact]
    public async Task Post_UnregisteredSigner_Returns403NodeNotRegistered()
    {
        var stranger = _cp.SignedClient(_cp.NewIdentity("alice"));

        var response = await PostAsync(stranger, Sign(_nodeId, 10, _nodeKey).ToString());

        await AssertProblemAsync(response, HttpStatusCode.Forbidden, "NODE_NOT_REGISTERED");
    }

    [Fact]
    public async Task Post_LowerSeqThanWitnessed_Returns409RegressionAndKeepsTheLatest()
    {
        (await PostAsync(_node, Sign(_nodeId, 100, _nodeKey).ToString())).EnsureSuccessStatusCode();

        var truncated = await PostAsync(_node, Sign(_nodeId, 40, _nodeKey).ToString());

        await AssertProblemAsync(truncated, HttpStatusCode.Conflict, "AUDIT_CHECKPOINT_REGRESSION");
        Assert.Equal(100, (await _owner.GetFromJsonAsync<JsonElement>($"v1/witness/nodes/{_nodeId}/latest")).GetProperty("seq").GetInt64());
    }

    [Fact]
    public async Task Post_OtherHeadAtWitnessedSeq_Returns409Conflict()
    {
        var original = Sign(_nodeId, 100, _nodeKey, "original");
        (await PostAsync(_node, original.ToString())).EnsureSuccessStatusCode();

        var rewritten = await PostAsync(_node, Sign(_nodeId, 100, _nodeKey, "rewritten").ToString());

        await AssertProblemAsync(rewritten, HttpStatusCode.Conflict, "AUDIT_CHECKPOINT_CONFLICT");
        Assert.Equal(original.Head, (await _owner.GetFromJsonAsync<JsonElement>($"v1/witness/nodes/{_nodeId}/latest")).GetProperty("head").GetString());
    }

    [Fact]
    public async Task Latest_ReadByTheNodeItselfOrTheOwner_OthersSee404()
    {
        (await PostAsync(_node, Sign(_nodeId, 5, _nodeKey).ToString())).EnsureSuccessStatusCode();
        (await PostAsync(_node, Sign(_nodeId, 7, _nodeKey).ToString())).EnsureSuccessStatusCode();
        var (_, bobToken) = await _cp.RegisterOwnerAsync("bobby");
        using var bobKey = Ed25519KeyPair.Generate();
        var (bobNode, _) = await RegisterNodeAsync(_cp.PlainClient(bobToken), "bobby", bobKey);

        Assert.Equal(7, (await _node.GetFromJsonAsync<JsonElement>($"v1/witness/nodes/{_nodeId}/latest")).GetProperty("seq").GetInt64());
        Assert.Equal(7, (await _owner.GetFromJsonAsync<JsonElement>($"v1/witness/nodes/{_nodeId}/latest")).GetProperty("seq").GetInt64());
        Assert.Equal(HttpStatusCode.NotFound, (await _cp.PlainClient(bobToken).GetAsync($"v1/witness/nodes/{_nodeId}/latest")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bobNode.GetAsync($"v1/witness/nodes/{_nodeId}/latest")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _cp.PlainClient().GetAsync($"v1/witness/nodes/{_nodeId}/latest")).StatusCode);
    }

    [Fact]
    public async Task NamespaceWitness_ListsEveryNodeWithItsLatestCheckpoint()
    {
        using var vaultKey = Ed25519KeyPair.Generate();
        var (_, vaultId) = await RegisterNodeAsync(_owner, "alice", vaultKey, "vault");
        (await PostAsync(_node, Sign(_nodeId, 5, _nodeKey).ToString())).EnsureSuccessStatusCode();
        (await PostAsync(_node, Sign(_nodeId, 9, _nodeKey).ToString())).EnsureSuccessStatusCode();

        var witness = await _owner.GetFromJsonAsync<JsonElement>("v1/namespaces/alice/witness");

        var nodes = witness.GetProperty("nodes").EnumerateArray().ToDictionary(n => n.GetProperty("node_id").GetString()!);
        Assert.Equal(9, nodes[_nodeId].GetProperty("latest").GetProperty("seq").GetInt64());
        Assert.Equal(JsonValueKind.Null, nodes[vaultId].GetProperty("latest").ValueKind);
    }

    private async Task<(HttpClient Client, string NodeId)> RegisterNodeAsync(HttpClient owner, string ns, Ed25519KeyPair key, string kind = "gateway")
    {
        var identity = SigningIdentity.FromRecord(IdentityRecord.Create(ns, key, TimeProvider.System));
        var response = await owner.PostAsJsonAsync($"v1/namespaces/{ns}/nodes", new { kind, public_key = identity.AgentKeyHeader });
        var id = (await response.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        return (_cp.SignedClient(identity), id);
    }

    private static AuditCheckpoint Sign(string node, long seq, Ed25519KeyPair key, string content = "log") =>
        AuditCheckpoint.Sign(node, new AuditChainHead(seq, Hash(content + seq), null), TimeProvider.System, key);

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string json) =>
        client.PostAsync("v1/witness/checkpoints", new StringContent(json, Encoding.UTF8, "application/json"));

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal(code, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }
}
