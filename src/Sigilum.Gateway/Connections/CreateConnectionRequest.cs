using System.Text.Json.Serialization;

namespace Sigilum.Gateway.Connections;

/// <summary>
/// <c>POST /api/admin/connections</c> (spec §3.7). Only these fields are read: server-set fields such
/// as <c>secret_version</c> or <c>last_rotated_at</c> in the body are ignored (reliability ADM-07).
/// </summary>
internal sealed class CreateConnectionRequest : IDisposable
{
    public string? Id { get; init; }

    public string? Name { get; init; }

    public string? Protocol { get; init; }

    public string? BaseUrl { get; init; }

    public string? PathPrefix { get; init; }

    public string? AuthMode { get; init; }

    public string? AuthHeaderName { get; init; }

    public string? AuthPrefix { get; init; }

    public string? AuthSecretKey { get; init; }

    public string? Status { get; init; }

    public int? RotationIntervalDays { get; init; }

    [JsonConverter(typeof(SecretMapConverter))]
    public SecretMap? Secrets { get; init; }

    public void Dispose() => Secrets?.Dispose();
}
