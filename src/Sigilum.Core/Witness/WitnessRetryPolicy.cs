namespace Sigilum.Core.Witness;

/// <summary>How long one witness call may take and how the wait between attempts doubles.</summary>
/// <param name="RequestTimeout">Bound of one call.</param>
/// <param name="InitialDelay">Wait after the first failed attempt (and again after each success).</param>
/// <param name="MaxDelay">The doubling stops here.</param>
public sealed record WitnessRetryPolicy(TimeSpan RequestTimeout, TimeSpan InitialDelay, TimeSpan MaxDelay);
