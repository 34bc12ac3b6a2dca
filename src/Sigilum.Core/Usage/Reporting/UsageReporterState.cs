namespace Sigilum.Core.Usage.Reporting;

/// <summary>What the usage reporter's loop is doing (for tests that drive its clock, and for diagnostics).</summary>
public enum UsageReporterState
{
    /// <summary>Waiting for the first report of a batch, or about to send.</summary>
    Idle,

    /// <summary>Waiting for the batch to fill or its flush interval to pass.</summary>
    Collecting,

    /// <summary>Posting a batch.</summary>
    Sending,

    /// <summary>Waiting before the next attempt of a batch that failed in transit.</summary>
    BackingOff,

    /// <summary>Shut down; the queue was flushed.</summary>
    Stopped,
}
