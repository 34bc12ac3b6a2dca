using Sigilum.Core.Claims;

namespace Sigilum.Storage.Conformance;

/// <summary>Claim equality with the subject list compared by content (records compare lists by reference).</summary>
internal static class ClaimAssert
{
    public static void Same(ClaimRecord expected, ClaimRecord? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.AllowedSubjects, actual.AllowedSubjects);
        Assert.Equal(expected with { AllowedSubjects = [] }, actual with { AllowedSubjects = [] });
    }
}
