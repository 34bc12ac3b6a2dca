namespace Sigilum.AspNetCore.Authentication;

/// <summary>How signed requests are checked (section <c>Signatures</c>).</summary>
public sealed class SignatureOptions
{
    public const string SectionName = "Signatures";

    /// <summary>Largest age of <c>created</c> (reference default 300 s).</summary>
    public int MaxAgeSeconds { get; set; } = 300;

    /// <summary>Allowed clock drift into the future; the reference allows none, we allow a few seconds.</summary>
    public int FutureSkewSeconds { get; set; } = 5;

    /// <summary>How long a nonce is remembered; must exceed max age + skew so replays are always caught.</summary>
    public int NonceTtlSeconds { get; set; } = 600;

    /// <summary>Largest body buffered for the digest check.</summary>
    public int MaxBodyBytes { get; set; } = 1024 * 1024;

    public void Validate()
    {
        if (MaxAgeSeconds <= 0 || FutureSkewSeconds < 0 || MaxBodyBytes <= 0)
        {
            throw new InvalidOperationException("Signatures: MaxAgeSeconds and MaxBodyBytes must be positive and FutureSkewSeconds not negative.");
        }
        if (NonceTtlSeconds <= MaxAgeSeconds + FutureSkewSeconds)
        {
            throw new InvalidOperationException("Signatures: NonceTtlSeconds must exceed MaxAgeSeconds + FutureSkewSeconds, or replays inside the window go unnoticed.");
        }
    }
}
