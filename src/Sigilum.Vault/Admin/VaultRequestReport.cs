namespace Sigilum.Vault.Admin;

/// <summary>
/// One released request once its outcome is audited: the ids from the release record and the upstream status (null when
/// the upstream never answered). No token, secret reference or header; the path is as audited (at most 256 characters).
/// </summary>
internal sealed record VaultRequestReport(
    string? Agent, string? Route, string? Kid, string? Method, string? Path, int? Status, DateTimeOffset OccurredAt, long DurationMs);
