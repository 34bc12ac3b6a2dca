using System.Runtime.Versioning;
using System.Security.Cryptography;
using Sigilum.Protocol.Identity;
using Sigilum.Protocol.Keys;
using Sigilum.Testing;

namespace Sigilum.Sdk.Identity;

public sealed class AgentKeyDirectoryTests : IDisposable
{
    private readonly TempDirectory _root = new();

    public void Dispose() => _root.Dispose();

    private string Root => Path.Combine(_root.Path, "keys");

    [Fact]
    public void Ensure_NewAgent_WritesSeedAndPublicKeyNamedByFingerprint()
    {
        var info = AgentKeyDirectory.Ensure(Root, "main");

        Assert.True(info.Created);
        Assert.Equal("main", info.AgentId);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(info.PublicKey))[..16], info.Fingerprint);
        var folder = Path.Combine(Root, "main");
        Assert.Equal(Convert.ToBase64String(info.PublicKey) + "\n", File.ReadAllText(Path.Combine(folder, info.Fingerprint + ".pub")));
        var seed = Convert.FromBase64String(File.ReadAllText(Path.Combine(folder, info.Fingerprint + ".key")).Trim());
        Assert.Equal(info.PublicKey, Ed25519.DerivePublicKey(seed));
    }

    [Fact]
    public void Ensure_SecondCall_ReusesTheKey()
    {
        var first = AgentKeyDirectory.Ensure(Root, "main");
        var second = AgentKeyDirectory.Ensure(Root, "main");

        Assert.False(second.Created);
        Assert.Equal(first.PublicKey, second.PublicKey);
        Assert.Single(Directory.GetFiles(Path.Combine(Root, "main"), "*.key"));
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public void Ensure_NewAgent_KeyIsOwnerOnlyInOwnerOnlyFolders()
    {
        var info = AgentKeyDirectory.Ensure(Root, "main");

        var ownerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        Assert.Equal(ownerOnly, File.GetUnixFileMode(Root));
        Assert.Equal(ownerOnly, File.GetUnixFileMode(info.Folder));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(info.Folder, info.Fingerprint + ".key")));
    }

    [Theory]
    [InlineData("../../etc", ".._.._etc")]
    [InlineData("agent one", "agent_one")]
    [InlineData("..", "__")]
    [InlineData("ops.bot-1_x", "ops.bot-1_x")]
    public void SanitizeAgentId_UnsafeCharacters_BecomeUnderscores(string agentId, string expected) =>
        Assert.Equal(expected, AgentKeyDirectory.SanitizeAgentId(agentId));

    [Fact]
    public void Load_ExistingKey_SignsWithTheSamePublicKey()
    {
        var info = AgentKeyDirectory.Ensure(Root, "worker");

        using var pair = AgentKeyDirectory.Load(Root, "worker");

        Assert.NotNull(pair);
        Assert.Equal(info.PublicKey, pair.PublicKey.ToArray());
        Assert.Equal(info.PublicKeyText, AgentKeys.Format(pair.PublicKey));
    }

    [Fact]
    public void Load_NoKey_ReturnsNull() => Assert.Null(AgentKeyDirectory.Load(Root, "nobody"));

    [Fact]
    public void Load_KeyFileNotMatchingItsName_Refused()
    {
        var info = AgentKeyDirectory.Ensure(Root, "main");
        using var other = Ed25519KeyPair.Generate();
        File.WriteAllText(Path.Combine(info.Folder, info.Fingerprint + ".key"), Convert.ToBase64String(other.ExportSeed()) + "\n");

        Assert.Throws<InvalidDataException>(() => AgentKeyDirectory.Load(Root, "main"));
    }

    [Fact]
    public void ListAgents_OnlyFoldersWithAKeyPair()
    {
        AgentKeyDirectory.Ensure(Root, "main");
        AgentKeyDirectory.Ensure(Root, "alpha");
        Directory.CreateDirectory(Path.Combine(Root, "empty"));

        Assert.Equal(["alpha", "main"], AgentKeyDirectory.ListAgents(Root));
    }
}
