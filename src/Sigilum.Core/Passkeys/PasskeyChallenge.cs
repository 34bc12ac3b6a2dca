namespace Sigilum.Core.Passkeys;

/// <summary>
/// A pending WebAuthn ceremony: the options sent to the browser (they hold the random challenge), keyed by the
/// SHA-256 of a random token that only the browser that started it holds (in a cookie), single use and short-lived.
/// </summary>
public sealed record PasskeyChallenge
{
    /// <summary>SHA-256 of the ceremony token in the browser's cookie.</summary>
    public required string TokenHash { get; init; }

    public required PasskeyCeremony Ceremony { get; init; }

    /// <summary>The browser session that started a registration (its token hash); empty for a sign-in.</summary>
    public required string SessionHash { get; init; }

    /// <summary>The owner a registration is for; null for a sign-in (the passkey names the owner).</summary>
    public string? OwnerId { get; init; }

    /// <summary>The options as sent to the browser (JSON), which the answer is verified against.</summary>
    public required string OptionsJson { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset ExpiresAt { get; init; }

    public DateTimeOffset? ConsumedAt { get; init; }
}
