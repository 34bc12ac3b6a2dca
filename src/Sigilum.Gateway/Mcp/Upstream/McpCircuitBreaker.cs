using System.Collections.Concurrent;

namespace Sigilum.Gateway.Mcp.Upstream;

/// <summary>
/// The circuit breaker per upstream key (spec §3.10): after N consecutive failed calls the circuit opens and calls
/// fail fast until the cooldown has passed; then exactly one call goes through as a probe (others keep failing fast
/// until it ends). A success closes the circuit, a failed probe opens it for another cooldown. Cancelled calls
/// neither count nor end a probe's turn as a failure.
/// </summary>
internal sealed class McpCircuitBreaker(McpUpstreamOptions options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Circuit> _circuits = new(StringComparer.Ordinal);

    /// <summary>
    /// Whether a call may go out now. When it may not, <paramref name="retryAfter"/> is the rest of the cooldown (zero
    /// while another call is probing).
    /// </summary>
    public bool TryEnter(string key, out TimeSpan retryAfter)
    {
        retryAfter = TimeSpan.Zero;
        if (!options.CircuitBreakerEnabled)
        {
            return true;
        }
        var circuit = _circuits.GetOrAdd(key, _ => new Circuit());
        lock (circuit)
        {
            if (circuit.OpenUntil is not { } until)
            {
                return true;
            }
            var now = time.GetUtcNow();
            if (now < until)
            {
                retryAfter = until - now;
                return false;
            }
            if (circuit.Probing)
            {
                return false;
            }
            circuit.Probing = true;
            return true;
        }
    }

    /// <summary>A call answered: the circuit closes and the count starts again.</summary>
    public void Succeeded(string key)
    {
        if (options.CircuitBreakerEnabled && _circuits.TryGetValue(key, out var circuit))
        {
            lock (circuit)
            {
                circuit.Failures = 0;
                circuit.OpenUntil = null;
                circuit.Probing = false;
            }
        }
    }

    /// <summary>A call failed: counts toward opening; a failed probe opens the circuit again at once.</summary>
    public void Failed(string key)
    {
        if (!options.CircuitBreakerEnabled)
        {
            return;
        }
        var circuit = _circuits.GetOrAdd(key, _ => new Circuit());
        lock (circuit)
        {
            circuit.Failures++;
            if (circuit.Probing || circuit.Failures >= options.CircuitBreakerFailures)
            {
                circuit.OpenUntil = time.GetUtcNow() + options.CircuitBreakerCooldown;
                circuit.Probing = false;
            }
        }
    }

    /// <summary>A call was cancelled by its caller, or ended without saying anything about the server: a probe's turn passes on.</summary>
    public void Abandoned(string key)
    {
        if (options.CircuitBreakerEnabled && _circuits.TryGetValue(key, out var circuit))
        {
            lock (circuit)
            {
                circuit.Probing = false;
            }
        }
    }

    /// <summary>State of one key, guarded by its own lock.</summary>
    private sealed class Circuit
    {
        public int Failures { get; set; }

        public DateTimeOffset? OpenUntil { get; set; }

        public bool Probing { get; set; }
    }
}
