namespace Sigilum.Vault.Store.Postgres;

/// <summary>
/// Waits for a condition that another process or thread brings about (a notification, a reconnect). The bound is a
/// failure guard far above the expected time, not a timing assertion: a loaded host only makes the wait longer.
/// </summary>
internal static class Eventually
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    public static async Task<T> UntilAsync<T>(Func<Task<T?>> attempt, string what)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(attempt);
        var started = TimeProvider.System.GetTimestamp();
        while (true)
        {
            if (await attempt() is { } result)
            {
                return result;
            }
            if (TimeProvider.System.GetElapsedTime(started) > Bound)
            {
                throw new TimeoutException($"Gave up waiting for {what} after {Bound.TotalSeconds} s.");
            }
            await Task.Delay(20);
        }
    }

    public static Task UntilAsync(Func<bool> condition, string what) =>
        UntilAsync<object>(() => Task.FromResult(condition() ? new object() : null), what);
}
