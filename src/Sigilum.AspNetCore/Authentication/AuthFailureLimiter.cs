using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;

namespace Sigilum.AspNetCore.Authentication;

/// <summary>
/// Slows down credential guessing: a client address with more than <see cref="MaxFailures"/> failed
/// authentications within <see cref="Window"/> gets 429 until the window has passed. Counts live in
/// memory per instance; that bounds guessing per instance, which is what this is for.
/// </summary>
public sealed class AuthFailureLimiter(TimeProvider time)
{
    public const int MaxFailures = 30;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private const int MaxTrackedClients = 10_000;
    private readonly ConcurrentDictionary<string, (DateTimeOffset Start, int Count)> _failures = new(StringComparer.Ordinal);

    public void RecordFailure(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var now = time.GetUtcNow();
        if (_failures.Count >= MaxTrackedClients)
        {
            _failures.Clear();
        }
        _failures.AddOrUpdate(ClientOf(context), _ => (now, 1), (_, current) => now - current.Start > Window ? (now, 1) : (current.Start, current.Count + 1));
    }

    /// <summary>Seconds until the client may try again, or null when it is not limited.</summary>
    public int? RetryAfterSeconds(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!_failures.TryGetValue(ClientOf(context), out var entry) || entry.Count <= MaxFailures)
        {
            return null;
        }
        var remaining = entry.Start + Window - time.GetUtcNow();
        return remaining <= TimeSpan.Zero ? null : (int)Math.Ceiling(remaining.TotalSeconds);
    }

    private static string ClientOf(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
}
