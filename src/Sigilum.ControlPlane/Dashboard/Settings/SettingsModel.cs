namespace Sigilum.ControlPlane.Dashboard.Settings;

/// <summary>The owner's sign-in settings.</summary>
public sealed record SettingsModel(bool HasPassword, DateTimeOffset SessionExpiresAt, string? Problem = null);
