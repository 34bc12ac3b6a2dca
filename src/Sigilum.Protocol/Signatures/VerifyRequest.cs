namespace Sigilum.Protocol.Signatures;

/// <summary>A received request as the verifier sees it.</summary>
public sealed record VerifyRequest
{
    /// <summary>Method as received.</summary>
    public required string Method { get; init; }

    /// <summary>
    /// The target URI rebuilt from what was received (scheme + Host header + request target); compared
    /// byte for byte with what the signer covered, so do not normalise it.
    /// </summary>
    public required string TargetUri { get; init; }

    /// <summary>Headers as received; a name may repeat (repeats of profile headers are refused).</summary>
    public required IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; }

    /// <summary>Body bytes exactly as received.</summary>
    public ReadOnlyMemory<byte> Body { get; init; }
}
