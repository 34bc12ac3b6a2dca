namespace Sigilum.Core.Connections;

/// <summary>How a conditional connection write ended.</summary>
public enum ConnectionWriteOutcome
{
    Written,

    NotFound,

    /// <summary>The stored <c>secret_version</c> was not the one the writer read: another rotation won.</summary>
    VersionConflict,
}
