using Sigilum.Core.Claims;

namespace Sigilum.ControlPlane.Attestations;

public sealed class ClaimPolicyTests
{
    private static readonly ClaimRecord Claim = new()
    {
        Id = "cl_0123456789abcdef01234567", Namespace = "alice", Service = "openai", PublicKey = "ed25519:AAAA",
        Status = ClaimStatus.Approved, CreatedAt = AttestationFixture.Start, UpdatedAt = AttestationFixture.Start,
        ApprovedAt = AttestationFixture.Start, AllowedSubjects = ["b", "a"],
    };

    [Fact]
    public void Hash_IsSha256OfTheCanonicalDescription()
    {
        var canonical = """{"allowedSubjects":["a","b"],"approvedAt":1795255200,"claimId":"cl_0123456789abcdef01234567","expiresAt":null,"namespace":"alice","publicKey":"ed25519:AAAA","service":"openai","v":"sigilum-claim-policy-v1"}""";

        var expected = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(canonical)));

        Assert.Equal(expected, ClaimPolicy.Hash(Claim));
    }

    [Fact]
    public void Hash_SubjectOrder_DoesNotMatter()
    {
        Assert.Equal(ClaimPolicy.Hash(Claim), ClaimPolicy.Hash(Claim with { AllowedSubjects = ["a", "b"] }));
    }

    [Fact]
    public void Hash_ScopeChange_ChangesIt()
    {
        Assert.NotEqual(ClaimPolicy.Hash(Claim), ClaimPolicy.Hash(Claim with { ExpiresAt = AttestationFixture.Start.AddDays(1) }));
        Assert.NotEqual(ClaimPolicy.Hash(Claim), ClaimPolicy.Hash(Claim with { Service = "linear" }));
    }
}
