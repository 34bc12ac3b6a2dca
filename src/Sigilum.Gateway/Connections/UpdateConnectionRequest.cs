using System.Text.Json.Serialization;

namespace Sigilum.Gateway.Connections;

/// <summary><c>PATCH /api/admin/connections/{id}</c>: absent (or null) fields keep their value (spec §3.7).</summary>
internal sealed class UpdateConnectionRequest : IDisposable
{
    public string? Name { get; init; }

    public string? BaseUrl { get; init; }

    public string? PathPrefix { get; init; }

    public string? AuthMode { get; init; }

    public string? AuthHeaderName { get; init; }

    public string? AuthPrefix { get; init; }

    public string? AuthSecretKey { get; init; }

    public string? Status { get; init; }

    /// <summary>0 removes the rotation policy.</summary>
    public int? RotationIntervalDays { get; init; }

    /// <summary>Refused here: secrets change only through rotate, which keeps the old version.</summary>
    [JsonConverter(typeof(SecretMapConverter))]
    public SecretMap? Secrets { get; init; }

    public void Dispose() => Secrets?.Dispose();
}
