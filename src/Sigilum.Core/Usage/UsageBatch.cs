namespace Sigilum.Core.Usage;

/// <summary>Bounds of one batch of usage events (ADR 0029): what a store inserts in one transaction.</summary>
public static class UsageBatch
{
    /// <summary>The most events one batch may hold; a store refuses more rather than hold a long write transaction.</summary>
    public const int MaxEvents = 500;

    /// <summary>Throws unless <paramref name="events"/> holds 1 to <see cref="MaxEvents"/> events, none null.</summary>
    public static void Check(IReadOnlyList<UsageEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count is 0 or > MaxEvents)
        {
            throw new ArgumentException($"A usage batch holds 1-{MaxEvents} events, not {events.Count}.", nameof(events));
        }
        for (var i = 0; i < events.Count; i++)
        {
            if (events[i] is null)
            {
                throw new ArgumentException($"events[{i}] is null.", nameof(events));
            }
        }
    }
}
