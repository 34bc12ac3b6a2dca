namespace Sigilum.Testing;

/// <summary>A settable clock for tests (Microsoft.Extensions.TimeProvider.Testing is not in our registry).</summary>
public sealed class FakeTimeProvider : TimeProvider
{
    private DateTimeOffset _now;

    public FakeTimeProvider(DateTimeOffset start) => _now = start;

    public FakeTimeProvider(long unixSeconds) : this(DateTimeOffset.FromUnixTimeSeconds(unixSeconds)) { }

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now = _now.Add(by);

    public void SetUtcNow(DateTimeOffset value) => _now = value;
}
