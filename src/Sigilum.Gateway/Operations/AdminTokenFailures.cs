using System.Collections.Concurrent;
using System.Net;

namespace Sigilum.Gateway.Operations;

/// <summary>
/// Brute-force brake on the admin token (reliability ADM-04): more than <see cref="MaxFailures"/> wrong tokens from
/// one client address within <see cref="Window"/> lock that address out of token checks until the window has passed
/// (429 <c>ADMIN_RATE_LIMITED</c>). While locked, a presented token is not compared at all, so a lucky guess is not
/// told apart from a wrong one. The table is bounded: when full, new addresses share one overflow entry (fail closed
/// rather than forget a counting address).
/// </summary>
internal sealed class AdminTokenFailures(TimeProvider time)
{
    public const int MaxFailures = 10;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private const int MaxTrackedClients = 4096;
    private const string Overflow = "overflow";
    private readonly ConcurrentDictionary<string, (DateTimeOffset Start, int Count)> _failures = new(StringComparer.Ordinal);

    public void RecordFailure(IPAddress? client)
    {
        var now = time.GetUtcNow();
        var key = Key(client);
        if (!_failures.ContainsKey(key) && _failures.Count >= MaxTrackedClients)
        {
            foreach (var (stale, entry) in _failures)
            {
                if (now - entry.Start > Window)
                {
                    _failures.TryRemove(stale, out _);
                }
            }
            if (_failures.Count >= MaxTrackedClients)
            {
                key = Overflow;
            }
        }
        _failures.AddOrUpdate(key, _ => (now, 1), (_, current) => now - current.Start > Window ? (now, 1) : (current.Start, current.Count + 1));
    }

    /// <summary>Seconds until <paramref name="client"/> may present a token again, or null when it is not locked.</summary>
    public int? RetryAfterSeconds(IPAddress? client)
    {
        var key = Key(client);
        if (!_failures.TryGetValue(key, out var entry) && !(_failures.Count >= MaxTrackedClients && _failures.TryGetValue(Overflow, out entry)))
        {
            return null;
        }
        if (entry.Count <= MaxFailures)
        {
            return null;
        }
        var remaining = entry.Start + Window - time.GetUtcNow();
        return remaining <= TimeSpan.Zero ? null : (int)Math.Ceiling(remaining.TotalSeconds);
    }

    private static string Key(IPAddress? client) => client?.ToString() ?? "unknown";
}
