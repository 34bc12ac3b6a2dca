using Sigilum.Core.Passkeys;

namespace Sigilum.ControlPlane.Dashboard.Settings;

/// <summary>The owner's sign-in settings.</summary>
/// <param name="HasPassword">Whether an owner password is set.</param>
/// <param name="SessionExpiresAt">When this browser session ends.</param>
/// <param name="Problem">Why the last change was refused, or null.</param>
/// <param name="Passkeys">The owner's passkeys, oldest first.</param>
/// <param name="RequirePasskey">Whether the namespace signs in with passkeys only.</param>
/// <param name="PasskeyOrigin">The only origin passkeys work at (from configuration, ADR 0056).</param>
public sealed record SettingsModel(
    bool HasPassword, DateTimeOffset SessionExpiresAt, string? Problem = null,
    IReadOnlyList<OwnerPasskey>? Passkeys = null, bool RequirePasskey = false, string? PasskeyOrigin = null);
