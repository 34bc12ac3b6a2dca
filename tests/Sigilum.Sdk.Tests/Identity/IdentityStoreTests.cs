using System.Runtime.Versioning;
using Sigilum.Protocol.Identity;
using Sigilum.Testing;

namespace Sigilum.Sdk.Identity;

public sealed class IdentityStoreTests : IDisposable
{
    private readonly TempDirectory _home = new();
    private readonly Dictionary<string, string> _env = [];

    public void Dispose() => _home.Dispose();

    private IdentityStore Store(string? home = null) => new(new IdentityStoreOptions
    {
        HomeDirectory = home ?? _home.Path,
        TimeProvider = new FakeTimeProvider(1_700_000_000),
        GetEnvironmentVariable = name => _env.GetValueOrDefault(name),
    });

    [Fact]
    public void InitIdentity_NewNamespace_WritesLoadableRecordAndReportsCreated()
    {
        var result = Store().InitIdentity("alice");

        Assert.True(result.IsSuccess, result.Error?.ToString());
        Assert.True(result.Value.Created);
        Assert.Equal(Path.Combine(_home.Path, "identities", "alice", "identity.json"), result.Value.Path);
        Assert.Equal("did:sigilum:alice", result.Value.Record.Did);
        Assert.Equal("2023-11-14T22:13:20Z", result.Value.Record.CreatedAt);
        var reparsed = IdentityRecord.Parse(File.ReadAllText(result.Value.Path));
        Assert.True(reparsed.IsSuccess, reparsed.Error?.ToString());
        Assert.Equal(result.Value.Record.KeyId, reparsed.Value.KeyId);
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public void InitIdentity_NewNamespace_CreatesOwnerOnlyDirectoryAndFile()
    {
        var result = Store().InitIdentity("alice");

        Assert.Equal(PrivateFiles.FileMode, File.GetUnixFileMode(result.Value!.Path));
        Assert.Equal(PrivateFiles.DirectoryMode, File.GetUnixFileMode(Path.GetDirectoryName(result.Value.Path)!));
        Assert.Equal(PrivateFiles.DirectoryMode, File.GetUnixFileMode(Path.Combine(_home.Path, "identities")));
    }

    [Fact]
    public void InitIdentity_NewNamespace_LeavesNoTempFiles()
    {
        var result = Store().InitIdentity("alice");

        Assert.Equal(["identity.json"], Directory.GetFiles(Path.GetDirectoryName(result.Value!.Path)!).Select(Path.GetFileName));
    }

    [Fact]
    public void InitIdentity_ExistingWithoutForce_LoadsExistingAndReportsNotCreated()
    {
        var first = Store().InitIdentity("alice").Value!;

        var second = Store().InitIdentity("alice");

        Assert.True(second.IsSuccess);
        Assert.False(second.Value.Created);
        Assert.Equal(first.Record.KeyId, second.Value.Record.KeyId);
    }

    [Fact]
    public void InitIdentity_ExistingWithForce_RotatesKey()
    {
        var first = Store().InitIdentity("alice").Value!;

        var second = Store().InitIdentity("alice", force: true);

        Assert.True(second.Value!.Created);
        Assert.NotEqual(first.Record.KeyId, second.Value.Record.KeyId);
        Assert.Equal(second.Value.Record.KeyId, Store().LoadIdentity("alice").Value!.KeyId);
    }

    [Fact]
    public void InitIdentity_MixedCaseNamespace_NormalisesToLowerCase()
    {
        var result = Store().InitIdentity("  Alice-Bot ");

        Assert.Equal("alice-bot", result.Value!.Record.Namespace);
    }

    [Theory]
    [InlineData("ab")]
    [InlineData("-alice")]
    [InlineData("alice_bot")]
    [InlineData("../etc")]
    public void InitIdentity_InvalidNamespace_FailsWithNamespaceInvalid(string ns)
    {
        var result = Store().InitIdentity(ns);

        Assert.False(result.IsSuccess);
        Assert.Equal(IdentityErrorCodes.NamespaceInvalid, result.Error.Code);
        Assert.False(Directory.Exists(Path.Combine(_home.Path, "identities")));
    }

    [Fact]
    public void InitIdentity_ExistingCorruptFileWithoutForce_FailsAndKeepsFile()
    {
        WriteIdentityFile("alice", "{ not json");

        var result = Store().InitIdentity("alice");

        Assert.Equal(IdentityErrorCodes.Invalid, result.Error!.Code);
        Assert.Equal("{ not json", File.ReadAllText(Store().GetIdentityPath("alice")));
    }

    [Fact]
    public void LoadIdentity_ReferenceFixtureWithUnknownFields_Loads()
    {
        WriteIdentityFile("fixture-alice", TestData.FixtureIdentityJson);

        var result = Store().LoadIdentity("fixture-alice");

        Assert.True(result.IsSuccess, result.Error?.ToString());
        Assert.Equal("did:sigilum:fixture-alice", result.Value.Did);
        Assert.Equal("did:sigilum:fixture-alice#ed25519-99fb00dc16ee555a", result.Value.KeyId);
    }

    [Fact]
    public void LoadIdentity_NoNamespaceSingleIdentity_LoadsIt()
    {
        Store().InitIdentity("alice");

        Assert.Equal("alice", Store().LoadIdentity().Value!.Namespace);
    }

    [Fact]
    public void LoadIdentity_NoNamespaceEnvironmentSet_UsesEnvironment()
    {
        Store().InitIdentity("alice");
        Store().InitIdentity("bob");
        _env[SigilumHome.NamespaceVariable] = "bob";

        Assert.Equal("bob", Store().LoadIdentity().Value!.Namespace);
    }

    [Fact]
    public void LoadIdentity_NoNamespaceSeveralIdentities_FailsAmbiguousListingThem()
    {
        Store().InitIdentity("alice");
        Store().InitIdentity("bob");

        var result = Store().LoadIdentity();

        Assert.Equal(IdentityErrorCodes.Ambiguous, result.Error!.Code);
        Assert.Contains("alice, bob", result.Error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadIdentity_NoNamespaceNoIdentities_FailsNotFound()
    {
        Assert.Equal(IdentityErrorCodes.NotFound, Store().LoadIdentity().Error!.Code);
    }

    [Fact]
    public void LoadIdentity_UnknownNamespace_FailsNotFound()
    {
        Store().InitIdentity("alice");

        var result = Store().LoadIdentity("carol");

        Assert.Equal(IdentityErrorCodes.NotFound, result.Error!.Code);
        Assert.Contains("carol", result.Error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadIdentity_FileForAnotherNamespace_FailsInvalid()
    {
        WriteIdentityFile("mallory", TestData.FixtureIdentityJson);

        Assert.Equal(IdentityErrorCodes.Invalid, Store().LoadIdentity("mallory").Error!.Code);
    }

    [Fact]
    public void LoadIdentity_TamperedPublicKey_FailsInvalid()
    {
        WriteIdentityFile("fixture-alice", TestData.FixtureIdentityJson.Replace("J07dj/co", "K07dj/co", StringComparison.Ordinal));

        Assert.Equal(IdentityErrorCodes.Invalid, Store().LoadIdentity("fixture-alice").Error!.Code);
    }

    [Fact]
    public void LoadIdentity_OversizedFile_FailsInvalidWithoutParsing()
    {
        WriteIdentityFile("alice", new string(' ', 100_000));

        Assert.Equal(IdentityErrorCodes.Invalid, Store().LoadIdentity("alice").Error!.Code);
    }

    [Fact]
    public void ListNamespaces_MixedDirectories_ReturnsSortedNamespacesWithIdentityFiles()
    {
        Store().InitIdentity("zed");
        Store().InitIdentity("alice");
        Directory.CreateDirectory(Path.Combine(_home.Path, "identities", "empty-dir"));

        Assert.Equal(["alice", "zed"], Store().ListNamespaces());
    }

    [Fact]
    public void ListNamespaces_MissingHome_ReturnsEmpty()
    {
        Assert.Empty(Store(Path.Combine(_home.Path, "nowhere")).ListNamespaces());
    }

    [Fact]
    public void Constructor_NoExplicitHome_UsesSigilumHomeEnvironment()
    {
        _env[SigilumHome.HomeVariable] = _home.Path;

        var store = new IdentityStore(new IdentityStoreOptions { GetEnvironmentVariable = name => _env.GetValueOrDefault(name) });

        Assert.Equal(_home.Path, store.HomeDirectory);
    }

    private void WriteIdentityFile(string ns, string contents)
    {
        var dir = Path.Combine(_home.Path, "identities", ns);
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "identity.json"), contents);
    }
}
