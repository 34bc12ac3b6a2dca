using System.Text.Json.Serialization;

namespace Sigilum.Gateway.Connections;

/// <summary><c>PUT /api/admin/service-api-keys/{connection_id}</c>: <c>{key}</c>.</summary>
internal sealed class ServiceKeyRequest
{
    [JsonConverter(typeof(SecretValueConverter))]
    public byte[]? Key { get; init; }
}
