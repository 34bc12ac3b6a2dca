namespace Sigilum.Protocol.Jose;

/// <summary>Limits and policy for <see cref="JwsVerifier"/>.</summary>
public sealed record JwsVerifierOptions
{
    /// <summary>Defaults: 8 KiB tokens, any or no <c>typ</c>.</summary>
    public static readonly JwsVerifierOptions Default = new();

    /// <summary>Longest token accepted, in characters (reliability.md JWT-14 uses 8 KiB).</summary>
    public int MaxTokenLength { get; init; } = 8 * 1024;

    /// <summary>
    /// When set, the header <c>typ</c> must name this media type (RFC 8725 §3.11 explicit typing),
    /// compared as RFC 7515 §4.1.9 says: case-insensitively, with an optional <c>application/</c>
    /// prefix. When null, <c>typ</c> is not checked (beyond being a string if present).
    /// </summary>
    public string? RequiredType { get; init; }
}
