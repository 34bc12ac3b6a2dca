namespace Sigilum.Storage.Conformance;

/// <summary>The knobs tests turn, mapped onto each provider's options.</summary>
public sealed record StoreSettings
{
    public long NonceCapacity { get; init; } = 1_000_000;

    public TimeSpan ChangePollInterval { get; init; } = TimeSpan.FromMilliseconds(100);
}
