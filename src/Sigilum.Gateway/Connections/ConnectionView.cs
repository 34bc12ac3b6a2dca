using Sigilum.Core.Connections;

namespace Sigilum.Gateway.Connections;

/// <summary>
/// A connection as the admin API returns it (spec §3.7 field names). Secrets are never included: only
/// their names (<see cref="CredentialKeys"/>) and the version number. Null fields are omitted.
/// </summary>
internal sealed record ConnectionView
{
    public required string Id { get; init; }

    public required string Name { get; init; }

    public required string Protocol { get; init; }

    public required string BaseUrl { get; init; }

    public required string PathPrefix { get; init; }

    public required string AuthMode { get; init; }

    public required string AuthHeaderName { get; init; }

    public required string AuthPrefix { get; init; }

    public required string AuthSecretKey { get; init; }

    public required IReadOnlyList<string> CredentialKeys { get; init; }

    public required string Status { get; init; }

    public required DateTime CreatedAt { get; init; }

    public required DateTime UpdatedAt { get; init; }

    public DateTime? LastTestedAt { get; init; }

    public string? LastTestStatus { get; init; }

    public int? LastTestHttpStatus { get; init; }

    public string? LastTestError { get; init; }

    public DateTime? LastRotatedAt { get; init; }

    public int? RotationIntervalDays { get; init; }

    public DateTime? NextRotationDueAt { get; init; }

    public required int SecretVersion { get; init; }

    public string? RotatedBy { get; init; }

    public string? RotationReason { get; init; }

    public static ConnectionView From(ConnectionRecord c)
    {
        ArgumentNullException.ThrowIfNull(c);
        return new()
        {
            Id = c.Id,
            Name = c.Name,
            Protocol = c.Protocol,
            BaseUrl = c.BaseUrl,
            PathPrefix = c.PathPrefix,
            AuthMode = c.AuthMode,
            AuthHeaderName = c.AuthHeaderName,
            AuthPrefix = c.AuthPrefix,
            AuthSecretKey = c.AuthSecretKey,
            CredentialKeys = c.CredentialKeys,
            Status = c.Status,
            CreatedAt = c.CreatedAt.UtcDateTime,
            UpdatedAt = c.UpdatedAt.UtcDateTime,
            LastTestedAt = c.LastTestedAt?.UtcDateTime,
            LastTestStatus = c.LastTestStatus,
            LastTestHttpStatus = c.LastTestHttpStatus,
            LastTestError = c.LastTestError,
            LastRotatedAt = c.LastRotatedAt?.UtcDateTime,
            RotationIntervalDays = c.RotationIntervalDays,
            NextRotationDueAt = c.NextRotationDueAt?.UtcDateTime,
            SecretVersion = c.SecretVersion,
            RotatedBy = c.RotatedBy,
            RotationReason = c.RotationReason,
        };
    }
}
