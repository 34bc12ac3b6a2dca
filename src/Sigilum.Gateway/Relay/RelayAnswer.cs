namespace Sigilum.Gateway.Relay;

/// <summary>
/// The answer posted to <c>/v1/gateway/relay/responses</c>: the admin API's status, headers and body, or the
/// dispatcher's own refusal with an <paramref name="Error"/> code.
/// </summary>
internal sealed record RelayAnswer(string RequestId, int Status, IReadOnlyDictionary<string, string> Headers, string? Body, string? Error)
{
    public static RelayAnswer Refused(string requestId, int status, string code, string message) =>
        new(requestId, status, new Dictionary<string, string>(StringComparer.Ordinal) { ["content-type"] = "application/json" },
            System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, string>(StringComparer.Ordinal) { ["error"] = message, ["code"] = code }), code);
}
