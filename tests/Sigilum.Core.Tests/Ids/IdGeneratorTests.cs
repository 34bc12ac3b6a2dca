namespace Sigilum.Core.Ids;

public sealed class IdGeneratorTests
{
    [Fact]
    public void ClaimId_HasReferenceShape()
    {
        Assert.Matches("^cl_[0-9a-f]{24}$", IdGenerator.ClaimId());
    }

    [Fact]
    public void ServiceApiKey_HasReferenceShapeAndIsUnique()
    {
        var keys = Enumerable.Range(0, 100).Select(_ => IdGenerator.ServiceApiKey()).ToHashSet();

        Assert.Equal(100, keys.Count);
        Assert.All(keys, k => Assert.Matches("^sk_live_[0-9a-f]{48}$", k));
    }

    [Fact]
    public void HashToken_IsLowerHexSha256()
    {
        Assert.Equal("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824", IdGenerator.HashToken("hello"));
    }
}
