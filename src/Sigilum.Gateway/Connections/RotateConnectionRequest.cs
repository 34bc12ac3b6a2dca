using System.Text.Json.Serialization;

namespace Sigilum.Gateway.Connections;

/// <summary><c>POST /api/admin/connections/{id}/rotate</c>: <c>{secrets:{k:v}, rotated_by, rotation_reason}</c>.</summary>
internal sealed class RotateConnectionRequest : IDisposable
{
    [JsonConverter(typeof(SecretMapConverter))]
    public SecretMap? Secrets { get; init; }

    public string? RotatedBy { get; init; }

    public string? RotationReason { get; init; }

    public void Dispose() => Secrets?.Dispose();
}
