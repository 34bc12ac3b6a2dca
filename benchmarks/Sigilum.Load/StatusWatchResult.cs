namespace Sigilum.Load;

/// <summary>Outcome of <see cref="StatusWatch"/>; times are Unix milliseconds when the response arrived.</summary>
internal sealed record StatusWatchResult(
    bool Seen,
    int Status,
    long SeenUnixMs,
    long LastSuccessUnixMs,
    long Requests,
    IReadOnlyDictionary<int, long> Statuses);
