namespace Sigilum.Protocol.Signatures;

/// <summary>The result of signing: the headers to add and what they cover.</summary>
public sealed record SignedRequest
{
    /// <summary>Method as given.</summary>
    public required string Method { get; init; }

    /// <summary>The covered <c>@target-uri</c>.</summary>
    public required string TargetUri { get; init; }

    /// <summary>The signature base that was signed (for debugging; contains no secret).</summary>
    public required string SignatureBase { get; init; }

    /// <summary>Headers to set, lower-case names, replacing any existing ones of the same name.</summary>
    public required IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; }

    /// <summary>The value of one signed header, or null.</summary>
    public string? this[string name] => Headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;
}
