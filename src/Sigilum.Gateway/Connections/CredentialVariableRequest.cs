using System.Text.Json.Serialization;

namespace Sigilum.Gateway.Connections;

/// <summary><c>POST /api/admin/credential-variables</c>: <c>{key, value, created_by_subject}</c>.</summary>
internal sealed class CredentialVariableRequest
{
    public string? Key { get; init; }

    [JsonConverter(typeof(SecretValueConverter))]
    public byte[]? Value { get; init; }

    public string? CreatedBySubject { get; init; }
}
