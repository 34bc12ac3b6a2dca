namespace Sigilum.ControlPlane.Claims;

/// <summary>The scope rules the API and the dashboard's approve form share.</summary>
public sealed class ApprovalScopeRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 5, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Create_Lifetime_ExpiresThatLongFromNow()
    {
        var (scope, error) = ApprovalScopeRules.Create(3600, expiresAt: null, null, Now);
        Assert.Equal(ApprovalScopeError.None, error);
        Assert.Equal(Now.AddHours(1), scope!.ExpiresAt);
        Assert.Empty(scope.AllowedSubjects);
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(-1L)]
    [InlineData(ApprovalScopeRules.MaxLifetimeSeconds + 1)]
    [InlineData(long.MaxValue)]
    public void Create_LifetimeOutOfRange_IsRefused(long seconds)
    {
        var (scope, error) = ApprovalScopeRules.Create(seconds, expiresAt: null, null, Now);
        Assert.Null(scope);
        Assert.Equal(ApprovalScopeError.LifetimeOutOfRange, error);
    }

    [Fact]
    public void Create_ExpiryNotInFuture_IsRefused()
    {
        var (scope, error) = ApprovalScopeRules.Create(null, Now, null, Now);
        Assert.Null(scope);
        Assert.Equal(ApprovalScopeError.ExpiryNotInFuture, error);
    }

    [Fact]
    public void Create_LifetimeAndInstant_LifetimeWins()
    {
        var (scope, _) = ApprovalScopeRules.Create(60, Now.AddDays(3), null, Now);
        Assert.Equal(Now.AddMinutes(1), scope!.ExpiresAt);
    }

    [Fact]
    public void Create_Subjects_TrimmedDeduplicatedBlanksDroppedLongCut()
    {
        var (scope, _) = ApprovalScopeRules.Create(null, null, [" alice ", "alice", "", null, "   ", new string('x', 300)], Now);
        Assert.Equal(["alice", new string('x', ApprovalScopeRules.MaxSubjectLength)], scope!.AllowedSubjects);
        Assert.Null(scope.ExpiresAt);
    }
}
