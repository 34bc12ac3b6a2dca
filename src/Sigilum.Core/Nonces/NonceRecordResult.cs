namespace Sigilum.Core.Nonces;

/// <summary>Outcome of recording a nonce.</summary>
public enum NonceRecordResult
{
    /// <summary>New: the request may proceed.</summary>
    Recorded,

    /// <summary>Seen before within its lifetime: a replay.</summary>
    Replayed,

    /// <summary>
    /// The store holds its maximum of live entries; refuse rather than evict an unexpired nonce, which
    /// would re-open a replay window (reliability RPL-12).
    /// </summary>
    Full,
}
