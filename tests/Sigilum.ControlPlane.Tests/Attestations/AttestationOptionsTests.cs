namespace Sigilum.ControlPlane.Attestations;

public sealed class AttestationOptionsTests
{
    [Fact]
    public void Validate_Defaults_Pass()
    {
        var options = new AttestationOptions();

        options.Validate();

        Assert.Equal((30, 90, 86_460), (options.LifetimeSeconds, options.KeyRotationDays, options.RetiredKeyGraceSeconds));
    }

    public static TheoryData<string, Action<AttestationOptions>> Invalid => new()
    {
        { "lifetime 0", o => o.LifetimeSeconds = 0 },
        { "lifetime 61", o => o.LifetimeSeconds = 61 },
        { "rotation 0 days", o => o.KeyRotationDays = 0 },
        { "rotation 91 days", o => o.KeyRotationDays = 91 },
        { "grace under a minute", o => o.RetiredKeyGraceSeconds = 59 },
        { "blank issuer", o => o.Issuer = " " },
        { "blank audience", o => o.Audience = "" },
        { "no holds", o => o.MaxPendingHoldsPerNamespace = 0 },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Validate_OutOfRange_Throws(string rule, Action<AttestationOptions> change)
    {
        var options = new AttestationOptions();
        change(options);

        Assert.Throws<InvalidOperationException>(options.Validate);
        Assert.NotNull(rule);
    }
}
