namespace Sigilum.ControlPlane.Passkeys;

/// <summary>
/// The real clock until <see cref="Freeze"/>, then a settable one: the owner's sign-up (signed requests, whose
/// freshness the server checks against this clock) runs on real time however slow the machine is, and the passkey
/// tests that follow run on a frozen clock they move by hand.
/// </summary>
internal sealed class FreezableClock : TimeProvider
{
    private DateTimeOffset? _frozen;

    public override DateTimeOffset GetUtcNow() => _frozen ?? TimeProvider.System.GetUtcNow();

    /// <summary>Stops the clock at the current time, in whole milliseconds as the store keeps times.</summary>
    public void Freeze() => _frozen = DateTimeOffset.FromUnixTimeMilliseconds(TimeProvider.System.GetUtcNow().ToUnixTimeMilliseconds());

    public void Advance(TimeSpan by) => _frozen = (_frozen ?? throw new InvalidOperationException("Freeze the clock first.")) + by;
}
