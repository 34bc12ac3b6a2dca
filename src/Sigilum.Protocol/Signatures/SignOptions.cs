namespace Sigilum.Protocol.Signatures;

/// <summary>Fixed values for reproducible signatures (tests, vectors); normally left unset.</summary>
public sealed record SignOptions
{
    /// <summary>Unix seconds to use instead of the clock.</summary>
    public long? Created { get; init; }

    /// <summary>Nonce to use instead of a fresh UUIDv4.</summary>
    public string? Nonce { get; init; }
}
