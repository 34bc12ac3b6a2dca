using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Sigilum.Gateway.Connections;
using Sigilum.Gateway.ControlPlane;

namespace Sigilum.Gateway.Claims;

/// <summary>
/// Files a pending claim for an agent whose signature verified but whose key is not approved (spec §3.6
/// step 2): <c>POST /v1/claims</c> signed by the gateway (a node registered to the namespace) with the
/// agent's subject, the connection's service key, and <c>X-Sigilum-Claim-Binding: namespace-only</c> so
/// the control plane does not require the signer to be the claimed key. Every outcome is a value; the
/// caller answers the markdown 403 whatever happened.
/// </summary>
internal sealed class ClaimFiler(ControlPlaneClient client, IServiceKeyProvider serviceKeys, ILogger<ClaimFiler> logger)
{
    public const string BindingHeader = "X-Sigilum-Claim-Binding";

    /// <summary>The most of the control plane's answer that is read (spec §3.6: 64 KiB).</summary>
    public const int MaxResponseBytes = 64 * 1024;

    public async Task<ClaimFilingResult> FileAsync(ClaimFilingRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var result = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (result.Failure is { } failure)
        {
            ClaimFilerLog.Failed(logger, request.ConnectionId, result.OutcomeText, failure);
        }
        else
        {
            ClaimFilerLog.Filed(logger, request.ConnectionId, result.OutcomeText, result.HttpStatus, result.Status, result.Code);
        }
        return result;
    }

    private async Task<ClaimFilingResult> SendAsync(ClaimFilingRequest request, CancellationToken cancellationToken)
    {
        var serviceKey = serviceKeys.Find(request.ConnectionId);
        if (string.IsNullOrEmpty(serviceKey))
        {
            return ClaimFilingResult.NotSent($"No service API key is configured for connection '{request.ConnectionId}'.");
        }
        var body = new JsonObject
        {
            ["namespace"] = request.Namespace,
            ["public_key"] = request.PublicKey,
            ["service"] = request.ConnectionId,
            ["agent_ip"] = request.AgentIp ?? string.Empty,
            // A fresh UUID per filing: the control plane refuses a replayed body nonce per service.
            ["nonce"] = Guid.NewGuid().ToString("D"),
        };
        AddIfPresent(body, "subject", request.Subject);
        AddIfPresent(body, "agent_id", request.AgentId);
        // A signed sigilum-agent-id is the only name the gateway knows for an agent (OpenClaw's helper sends it): use it
        // as the name too, so the owner sees which agent asks in `claims list`, the dashboard and the agents list.
        AddIfPresent(body, "agent_name", string.IsNullOrWhiteSpace(request.AgentName) ? request.AgentId : request.AgentName);

        using var message = new HttpRequestMessage(HttpMethod.Post, client.Url("v1/claims"))
        {
            Content = new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json"),
        };
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", serviceKey);
        message.Headers.TryAddWithoutValidation(BindingHeader, "namespace-only");
        if (!string.IsNullOrWhiteSpace(request.Subject))
        {
            message.Options.Set(SignedControlPlaneHandler.SubjectOption, request.Subject);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(client.Options.RequestTimeout);
        try
        {
            using var response = await client.SendAsync(message, timeout.Token).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            var bytes = await BoundedBody.ReadAsync(response.Content, MaxResponseBytes, timeout.Token).ConfigureAwait(false);
            return Parse(response.IsSuccessStatusCode ? ClaimFilingOutcome.Recorded : ClaimFilingOutcome.ApiRejected, status, bytes);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return ClaimFilingResult.Unanswered($"The control plane did not answer within {client.Options.RequestTimeout.TotalSeconds:0.#} s.");
        }
        catch (HttpRequestException ex)
        {
            // The message names the endpoint and the socket error, never headers.
            return ClaimFilingResult.Unanswered("The control plane could not be reached: " + (ex.HttpRequestError == HttpRequestError.Unknown ? ex.Message : ex.HttpRequestError.ToString()) + ".");
        }
        catch (IOException)
        {
            return ClaimFilingResult.Unanswered("The connection to the control plane broke while reading its answer.");
        }
    }

    private static ClaimFilingResult Parse(ClaimFilingOutcome outcome, int status, byte[]? bytes)
    {
        var result = new ClaimFilingResult { Outcome = outcome, HttpStatus = status };
        if (bytes is null || bytes.Length == 0)
        {
            return result;
        }
        try
        {
            using var document = JsonDocument.Parse(bytes);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return result;
            }
            var root = document.RootElement;
            // Our control plane answers errors as problem+json (title/detail); Sigilum's as {error, code}.
            return result with
            {
                ClaimId = Text(root, "claim_id"),
                Status = Text(root, "status"),
                Service = Text(root, "service"),
                Message = Text(root, "message") ?? Text(root, "detail"),
                Error = Text(root, "error") ?? Text(root, "title"),
                Code = Text(root, "code"),
            };
        }
        catch (JsonException)
        {
            return result;
        }
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static void AddIfPresent(JsonObject body, string name, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            body[name] = value;
        }
    }
}
