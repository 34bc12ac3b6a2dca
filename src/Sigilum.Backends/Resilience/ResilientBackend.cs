namespace Sigilum.Backends.Resilience;

/// <summary>
/// Wraps every network backend with the rules of issue #7 §3 (reliability BKD-01, BKD-03, BKD-05):
/// one fetch in flight per reference (concurrent callers share it, each gets its own copy); a cache only
/// for credentials whose kind marks them <see cref="CredentialMetadata.Cacheable"/> and only within their
/// own TTL minus a margin; after a throttled answer every call fails fast until the backoff has passed, so
/// we never hammer a backend that asked us to slow down. Each caller's token bounds its own wait.
/// </summary>
internal sealed class ResilientBackend : ICredentialBackend, IBackendCache
{
    /// <summary>At most this many cached values per backend; expired ones are pruned first.</summary>
    private const int MaxCached = 1024;

    private readonly ICredentialBackend _inner;
    private readonly TimeProvider _time;
    private readonly ResilienceOptions _options;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Flight> _inflight = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CacheEntry> _cache = new(StringComparer.Ordinal);
    private DateTimeOffset _blockedUntil = DateTimeOffset.MinValue;
    private int _consecutiveThrottles;

    public ResilientBackend(ICredentialBackend inner, TimeProvider time, ResilienceOptions? options = null)
    {
        _inner = inner;
        _time = time;
        _options = options ?? new ResilienceOptions();
    }

    public string Name => _inner.Name;

    public string Kind => _inner.Kind;

    /// <summary>The wrapped backend (tests and kind-specific APIs).</summary>
    public ICredentialBackend Inner => _inner;

    public async Task<BackendResult> FetchAsync(string reference, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reference);
        for (var attempt = 0; ; attempt++)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                return BackendError.Of(BackendErrorKind.Timeout, $"Backend '{Name}': the request's deadline passed before the fetch.");
            }
            if (TryFromCache(reference) is { } cached)
            {
                return BackendResult.Success(cached);
            }
            if (Blocked() is { } throttled)
            {
                return throttled;
            }
            var (result, followed) = _options.SingleFlight
                ? await JoinOrLeadAsync(reference, cancellationToken).ConfigureAwait(false)
                : (await FetchAloneAsync(reference, cancellationToken).ConfigureAwait(false), false);
            // A follower whose leader ran out of time, while the follower still has time, tries once itself.
            if (followed && attempt == 0 && result.Error is { Kind: BackendErrorKind.Timeout } && !cancellationToken.IsCancellationRequested)
            {
                continue;
            }
            return result;
        }
    }

    public Task<BackendError?> TestAsync(CancellationToken cancellationToken) => _inner.TestAsync(cancellationToken);

    public void Invalidate(string? reference = null)
    {
        lock (_gate)
        {
            foreach (var key in reference is null ? [.. _cache.Keys] : new[] { reference })
            {
                if (_cache.Remove(key, out var entry))
                {
                    entry.Value.Dispose();
                }
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            foreach (var entry in _cache.Values)
            {
                entry.Value.Dispose();
            }
            _cache.Clear();
        }
        await _inner.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Joins the fetch in flight for <paramref name="reference"/> or starts it; Followed says whether another caller led.</summary>
    private async Task<(BackendResult Result, bool Followed)> JoinOrLeadAsync(string reference, CancellationToken cancellationToken)
    {
        Flight flight;
        var leader = false;
        lock (_gate)
        {
            if (!_inflight.TryGetValue(reference, out flight!))
            {
                flight = new Flight();
                _inflight[reference] = flight;
                leader = true;
            }
            flight.Waiters++;
        }

        BackendResult shared;
        if (leader)
        {
            shared = await LeadAsync(reference, flight, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            try
            {
                shared = await flight.Completion.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                Leave(flight);
                return (BackendError.Of(BackendErrorKind.Timeout, $"Backend '{Name}': the request's deadline passed while waiting for the fetch."), true);
            }
        }

        try
        {
            return (shared.Credential is { } master
                ? BackendResult.Success(new Credential(master.Value, master.Metadata))
                : shared, !leader);
        }
        finally
        {
            Leave(flight);
        }
    }

    private async Task<BackendResult> FetchAloneAsync(string reference, CancellationToken cancellationToken)
    {
        BackendResult result;
        try
        {
            result = await _inner.FetchAsync(reference, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            result = BackendError.Of(BackendErrorKind.Timeout, $"Backend '{Name}': the request's deadline passed during the fetch.");
        }
        Record(reference, result);
        return result;
    }

    private async Task<BackendResult> LeadAsync(string reference, Flight flight, CancellationToken cancellationToken)
    {
        BackendResult result;
        try
        {
            result = await _inner.FetchAsync(reference, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            result = BackendError.Of(BackendErrorKind.Timeout, $"Backend '{Name}': the request's deadline passed during the fetch.");
        }
        catch (Exception)
        {
            // Whatever the inner backend threw, followers must not wait forever; they see "unavailable".
            flight.Completion.TrySetResult(BackendError.Of(BackendErrorKind.Unavailable, $"Backend '{Name}': the fetch failed."));
            lock (_gate)
            {
                _inflight.Remove(reference);
            }
            throw;
        }
        Record(reference, result);
        lock (_gate)
        {
            _inflight.Remove(reference);
        }
        flight.Completion.TrySetResult(result);
        return result;
    }

    private void Leave(Flight flight)
    {
        lock (_gate)
        {
            flight.Waiters--;
            if (flight.Waiters == 0 && flight.Completion.Task.IsCompleted)
            {
                flight.Completion.Task.Result.Credential?.Dispose();
            }
        }
    }

    private void Record(string reference, BackendResult result)
    {
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            if (result.Error is { Kind: BackendErrorKind.Throttled } throttled)
            {
                _consecutiveThrottles++;
                var exponential = _options.InitialBackoff * Math.Pow(2, Math.Min(_consecutiveThrottles - 1, 16));
                var wait = throttled.RetryAfter ?? exponential;
                _blockedUntil = now + (wait > _options.MaxBackoff ? _options.MaxBackoff : wait);
                return;
            }
            if (result.IsSuccess)
            {
                _consecutiveThrottles = 0;
                var metadata = result.Credential!.Metadata;
                if (metadata is { Cacheable: true, Ttl: { } ttl } && ttl - _options.ExpiryMargin > TimeSpan.Zero)
                {
                    if (_cache.Remove(reference, out var old))
                    {
                        old.Value.Dispose();
                    }
                    if (_cache.Count >= MaxCached)
                    {
                        Prune(now);
                    }
                    if (_cache.Count < MaxCached)
                    {
                        _cache[reference] = new CacheEntry(new Credential(result.Credential.Value, metadata), now + ttl - _options.ExpiryMargin, now + ttl);
                    }
                }
            }
        }
    }

    private void Prune(DateTimeOffset now)
    {
        foreach (var (key, entry) in _cache.Where(e => now >= e.Value.UsableUntil).ToList())
        {
            _cache.Remove(key);
            entry.Value.Dispose();
        }
    }

    private Credential? TryFromCache(string reference)
    {
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            if (!_cache.TryGetValue(reference, out var entry))
            {
                return null;
            }
            if (now >= entry.UsableUntil)
            {
                _cache.Remove(reference);
                entry.Value.Dispose();
                return null;
            }
            // The copy reports the time left, so the caller never believes it has the full original TTL.
            return new Credential(entry.Value.Value, entry.Value.Metadata with { Ttl = entry.ExpiresAt - now });
        }
    }

    private BackendError? Blocked()
    {
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            if (now >= _blockedUntil)
            {
                return null;
            }
            var left = _blockedUntil - now;
            return BackendError.Of(BackendErrorKind.Throttled, $"Backend '{Name}': backing off after the backend throttled us; retry in {Math.Ceiling(left.TotalSeconds)}s.") with { RetryAfter = left };
        }
    }

    private sealed class Flight
    {
        public TaskCompletionSource<BackendResult> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Waiters { get; set; }
    }

    private sealed record CacheEntry(Credential Value, DateTimeOffset UsableUntil, DateTimeOffset ExpiresAt);
}
