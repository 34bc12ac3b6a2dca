using Sigilum.ControlPlane.Dashboard.SignIn;

namespace Sigilum.ControlPlane.Dashboard;

public sealed class OwnerPasswordHasherTests
{
    [Fact]
    public void Hash_UsesPbkdf2Sha256WithOwaspIterations_AndVerifies()
    {
        var stored = OwnerPasswordHasher.Hash("correct horse battery");

        Assert.StartsWith("pbkdf2-sha256$600000$", stored, StringComparison.Ordinal);
        Assert.True(OwnerPasswordHasher.Verify("correct horse battery", stored));
        Assert.False(OwnerPasswordHasher.Verify("correct horse batterz", stored));
    }

    [Fact]
    public void Hash_SamePasswordTwice_UsesDifferentSalts() =>
        Assert.NotEqual(OwnerPasswordHasher.Hash("same", iterations: 1000), OwnerPasswordHasher.Hash("same", iterations: 1000));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("pbkdf2-sha256$1000$notbase64!$AAAA")]
    [InlineData("pbkdf2-sha1$1000$AAAA$AAAA")]
    [InlineData("pbkdf2-sha256$0$AAAA$AAAA")]
    [InlineData("pbkdf2-sha256$99999999999$AAAA$AAAA")]
    public void Verify_MalformedStoredValue_IsFalseNotAnError(string? stored) => Assert.False(OwnerPasswordHasher.Verify("anything", stored));

    [Fact]
    public void Problem_ExplainsTooShortAndMismatch()
    {
        Assert.Equal("Use at least 12 characters.", OwnerPasswordHasher.Problem("short", "short"));
        Assert.Equal("The two passwords do not match.", OwnerPasswordHasher.Problem("long enough password", "long enough passwore"));
        Assert.Null(OwnerPasswordHasher.Problem("long enough password", "long enough password"));
    }
}
