namespace Sigilum.Backends.Resilience;

/// <summary>How <see cref="ResilientBackend"/> caches and backs off.</summary>
internal sealed record ResilienceOptions
{
    /// <summary>A cached value is dropped this long before its own expiry (BKD-05, BKD-11): never serve one about to lapse.</summary>
    public TimeSpan ExpiryMargin { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>First backoff after a throttled answer that named no <c>Retry-After</c>; doubles per consecutive throttle.</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Share one fetch among concurrent callers of a reference. Off for credentials that are per use
    /// (HashiCorp Vault revoke-after-use): each caller needs its own lease, revoked when it is done.
    /// </summary>
    public bool SingleFlight { get; init; } = true;

    /// <summary>Longest backoff, whatever the backend asks for.</summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(60);
}
