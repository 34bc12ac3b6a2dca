namespace Sigilum.Backends;

/// <summary>Why a fetch failed, independent of the backend kind.</summary>
public enum BackendErrorKind
{
    /// <summary>Our own credentials for the backend were refused or expired (reliability BKD-06).</summary>
    Unauthorized,

    /// <summary>The reference names nothing (or a field/version that does not exist).</summary>
    NotFound,

    /// <summary>The backend asked us to slow down (429, ThrottlingException).</summary>
    Throttled,

    /// <summary>The backend could not be reached or answered 5xx.</summary>
    Unavailable,

    /// <summary>The deadline passed before the backend answered.</summary>
    Timeout,

    /// <summary>The backend answered something we cannot parse or trust (bad JSON, checksum mismatch).</summary>
    Malformed,

    /// <summary>The backend's options are wrong or incomplete.</summary>
    Misconfigured,
}
