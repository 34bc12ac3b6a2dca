using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sigilum.Protocol.Intents;

namespace Sigilum.Sdk.Vault;

/// <summary>
/// Asks the issuer's <c>POST /v1/authorize</c> (docs/attestations.md) for an attestation of one intent. The
/// invoker signs the call with the agent's Sigilum identity; this type only builds the body and reads Sign's
/// decision body (HTTP 200 for every decision, problem+json for calls it refused).
/// </summary>
internal sealed class AttestationIssuerClient : IDisposable
{
    private const int MaxResponseBytes = 64 * 1024;
    private readonly HttpMessageInvoker _invoker;
    private readonly Uri _authorizeUri;
    private readonly SigilVaultOptions _options;

    public AttestationIssuerClient(HttpMessageInvoker invoker, SigilVaultOptions options)
    {
        _invoker = invoker;
        _options = options;
        var baseUri = options.IssuerUrl!.AbsoluteUri.EndsWith('/') ? options.IssuerUrl : new Uri(options.IssuerUrl.AbsoluteUri + "/");
        _authorizeUri = new Uri(baseUri, "v1/authorize");
    }

    public async Task<string> AuthorizeAsync(HttpIntent intent, CancellationToken cancellationToken)
    {
        var body = new JsonObject { ["intent"] = intent.ToJson(), ["txCommit"] = intent.Commitment.TxCommit };
        if (_options.AgentId is not null)
        {
            body["agentId"] = _options.AgentId;
        }
        if (_options.Framework is not null)
        {
            body["framework"] = _options.Framework;
        }
        using var request = new HttpRequestMessage(HttpMethod.Post, _authorizeUri)
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.IssuerTimeout);
        using var response = await _invoker.SendAsync(request, timeout.Token).ConfigureAwait(false);
        var json = await ReadJsonAsync(response, timeout.Token).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            var code = Text(json, "code");
            throw new SigilVaultAuthorizationException(
                string.Create(CultureInfo.InvariantCulture, $"The attestation issuer refused the call: {(int)response.StatusCode} {code ?? "(no code)"}{Detail(json)}"),
                null, code, null, null, response.StatusCode);
        }
        var status = Text(json, "status");
        var attestation = Text(json, "intent_attestation");
        if (status == "APPROVED" && !string.IsNullOrEmpty(attestation))
        {
            return attestation;
        }
        var errorCode = Text(json, "error_code");
        var holdId = Text(json, "hold_id");
        var message = status switch
        {
            "HOLD" => $"The attestation issuer put {intent.Method} {intent.Url} on hold {holdId}: the namespace owner must approve this key for the service, then retry.",
            "DENIED" => $"The attestation issuer denied {intent.Method} {intent.Url}: {errorCode ?? "(no code)"}",
            _ => $"The attestation issuer answered without an attestation (status {status ?? "(none)"}).",
        };
        throw new SigilVaultAuthorizationException(message, status, errorCode, holdId, Text(json, "service"), response.StatusCode);
    }

    public void Dispose() => _invoker.Dispose();

    private static async Task<JsonObject?> ReadJsonAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        if (bytes.Length is 0 or > MaxResponseBytes)
        {
            return null;
        }
        try
        {
            return JsonNode.Parse(bytes) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Text(JsonObject? json, string name) =>
        json?[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static string Detail(JsonObject? json) => Text(json, "detail") is { } detail ? " (" + detail + ")" : "";
}
