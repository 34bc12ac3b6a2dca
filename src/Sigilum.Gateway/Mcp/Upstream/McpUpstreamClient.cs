using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Protocol;
using Sigilum.Core.Connections;
using Sigilum.Gateway.Diagnostics;

namespace Sigilum.Gateway.Mcp.Upstream;

/// <summary>
/// The gateway's MCP client (spec §3.10, ADR 0039). Every call runs the same steps: (1) the circuit breaker of the
/// upstream key lets it through or it fails fast; (2) one budget (<see cref="McpUpstreamOptions.Timeout"/>) covers
/// everything after; (3) the key's session is reused, or initialised inside the call so the handshake carries the
/// call's credential; (4) the RPC goes out through the SDK; (5) a lost session is re-initialised once and the RPC
/// sent again; a transient failure is tried once more after a jittered backoff (a tool call only when it certainly
/// did not reach the tool); (6) the outcome is counted by the breaker and returned as a value.
/// </summary>
internal sealed partial class McpUpstreamClient : IMcpUpstream, IAsyncDisposable
{
    private const string ListMethod = "tools/list";
    private const string CallMethod = "tools/call";

    private readonly HttpMessageHandler _sockets;
    private readonly bool _ownsSockets;
    private readonly McpUpstreamOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly McpCircuitBreaker _breaker;
    private readonly ConcurrentDictionary<string, McpSessionSlot> _slots = new(StringComparer.Ordinal);
    private long _requestCounter;

    /// <summary>
    /// A client whose sessions all send through <paramref name="sockets"/> (pooled connections); disposing it disposes
    /// <paramref name="sockets"/> too when <paramref name="ownsSockets"/> is set.
    /// </summary>
    public McpUpstreamClient(McpUpstreamOptions options, HttpMessageHandler sockets, bool ownsSockets, TimeProvider time, ILogger<McpUpstreamClient> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(sockets);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        options.Validate();
        _options = options;
        _sockets = sockets;
        _ownsSockets = ownsSockets;
        _time = time;
        _logger = logger;
        _breaker = new McpCircuitBreaker(options, time);
    }

    /// <inheritdoc />
    /// <remarks>Throws <see cref="OperationCanceledException"/> only when <paramref name="cancellationToken"/> is cancelled.</remarks>
    public async Task<McpOutcome<McpDiscovery>> DiscoverAsync(McpUpstreamTarget target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        var outcome = await RunAsync(target, ListMethod, new JsonObject(), Validate, isToolCall: false, cancellationToken);
        if (outcome.Failure is { } failure)
        {
            return McpOutcome<McpDiscovery>.Fail(failure.Kind == McpFailureKind.CircuitOpen
                ? CircuitOpen(target, outcome.RetryAfter)
                : new GatewayError(502, ErrorCatalogue.McpDiscoveryFailed, $"MCP discovery on connection \"{target.ConnectionId}\" failed: {failure.Reason}."));
        }
        return McpOutcome<McpDiscovery>.Ok(new McpDiscovery
        {
            Server = outcome.Server,
            Tools = McpToolList.Normalise(outcome.Result)!,
            LastDiscoveredAt = _time.GetUtcNow(),
        });

        static string? Validate(JsonElement result) =>
            McpToolList.Normalise(result) is null ? "the tools/list answer has no tools array" : null;
    }

    /// <inheritdoc />
    /// <remarks>Throws <see cref="OperationCanceledException"/> only when <paramref name="cancellationToken"/> is cancelled.</remarks>
    public async Task<McpOutcome<JsonElement>> CallToolAsync(McpUpstreamTarget target, string tool, JsonElement arguments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentException.ThrowIfNullOrWhiteSpace(tool);
        if (arguments.ValueKind is not (JsonValueKind.Object or JsonValueKind.Undefined or JsonValueKind.Null))
        {
            return McpOutcome<JsonElement>.Fail(McpCallArguments.NotAnObject);
        }
        var parameters = new JsonObject
        {
            ["name"] = tool,
            ["arguments"] = arguments.ValueKind == JsonValueKind.Object ? JsonObject.Create(arguments.Clone()) : new JsonObject(),
        };
        var outcome = await RunAsync(target, CallMethod, parameters, Validate, isToolCall: true, cancellationToken);
        if (outcome.Failure is { } failure)
        {
            return McpOutcome<JsonElement>.Fail(failure.Kind == McpFailureKind.CircuitOpen
                ? CircuitOpen(target, outcome.RetryAfter)
                : new GatewayError(502, ErrorCatalogue.McpToolCallFailed,
                    $"MCP tool \"{McpSafeText.From(tool, target)}\" on connection \"{target.ConnectionId}\" failed: {failure.Reason}."));
        }
        // result.isError is the tool's own answer, not a failure of the call: it is returned as is.
        return McpOutcome<JsonElement>.Ok(outcome.Result);

        static string? Validate(JsonElement result) =>
            result.ValueKind == JsonValueKind.Object ? null : "the tools/call answer is not an object";
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var slot in _slots.Values)
        {
            if (slot.Current is { } session)
            {
                slot.Current = null;
                await session.DisposeAsync();
            }
            slot.Dispose();
        }
        _slots.Clear();
        if (_ownsSockets)
        {
            _sockets.Dispose();
        }
    }

    private GatewayError CircuitOpen(McpUpstreamTarget target, TimeSpan retryAfter)
    {
        var wait = retryAfter > TimeSpan.Zero
            ? $"calls are refused for another {Math.Ceiling(retryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture)} s, then one is let through to probe it"
            : "one call is probing it now";
        return new GatewayError(503, ErrorCatalogue.McpCircuitOpen,
            $"The MCP server of connection \"{target.ConnectionId}\" failed {_options.CircuitBreakerFailures} calls in a row (circuit open): {wait}.");
    }

    private async Task<RpcOutcome> RunAsync(
        McpUpstreamTarget target, string method, JsonObject parameters, Func<JsonElement, string?> validate, bool isToolCall, CancellationToken cancellationToken)
    {
        var key = target.UpstreamKey;
        // Step 1: the breaker.
        if (!_breaker.TryEnter(key, out var retryAfter))
        {
            McpUpstreamLog.CircuitOpen(_logger, target.ConnectionId, method);
            return new RpcOutcome(default, null, new McpFailure(McpFailureKind.CircuitOpen, "circuit open"), retryAfter);
        }
        // Step 2: one budget for the whole call.
        using var budget = new CancellationTokenSource(_options.Timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, budget.Token);
        var attempt = 1;
        var reinitialised = false;
        McpFailure failure;
        while (true)
        {
            var context = new McpCallContext(target);
            McpSession? session = null;
            try
            {
                using (context.Enter())
                {
                    // Step 3: the session.
                    session = await SessionAsync(target, linked.Token);
                    // Step 4: the RPC (the id follows Sigilum's sigilum-gateway-<counter>).
                    var request = new JsonRpcRequest
                    {
                        Id = new RequestId("sigilum-gateway-" + Interlocked.Increment(ref _requestCounter).ToString(CultureInfo.InvariantCulture)),
                        Method = method,
                        Params = parameters.DeepClone(),
                    };
                    var response = await session.Client.SendRequestAsync(request, linked.Token);
                    if (response.Result is null || response.Result.GetValueKind() == JsonValueKind.Null)
                    {
                        failure = new McpFailure(McpFailureKind.Protocol, "the server's answer has an empty result");
                    }
                    else
                    {
                        // PRX-18 for MCP: a server that echoes the credential (a reflected header, its environment) does not hand it to the agent.
                        var json = McpSafeText.Scrub(response.Result.ToJsonString(), target, out var echoed);
                        if (echoed)
                        {
                            McpUpstreamLog.CredentialEchoed(_logger, target.ConnectionId, method);
                        }
                        using var document = JsonDocument.Parse(json);
                        var result = document.RootElement.Clone();
                        if (validate(result) is { } invalid)
                        {
                            failure = new McpFailure(McpFailureKind.Protocol, invalid);
                        }
                        else
                        {
                            _breaker.Succeeded(key);
                            return new RpcOutcome(result, session.Server, null, TimeSpan.Zero);
                        }
                    }
                }
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                failure = Classify(ex, context, session, target, cancellationToken.IsCancellationRequested, budget.IsCancellationRequested);
            }

            // Step 5: re-initialise once, retry a transient failure once.
            if (failure.Kind == McpFailureKind.SessionLost && !reinitialised)
            {
                reinitialised = true;
                McpUpstreamLog.SessionLost(_logger, target.ConnectionId);
                await DropAsync(key, session);
                continue;
            }
            if (failure.Kind == McpFailureKind.Transient && attempt < _options.MaxAttempts && (!isToolCall || failure.NotDelivered))
            {
                McpUpstreamLog.Retrying(_logger, target.ConnectionId, method, attempt, failure.Kind);
                attempt++;
                try
                {
                    await Task.Delay(Backoff(_options.RetryBackoff), _time, linked.Token);
                }
                catch (OperationCanceledException)
                {
                    failure = cancellationToken.IsCancellationRequested
                        ? new McpFailure(McpFailureKind.Cancelled, "cancelled")
                        : TimedOut();
                    break;
                }
                continue;
            }
            if (failure.Kind == McpFailureKind.SessionLost)
            {
                await DropAsync(key, session);
                failure = new McpFailure(McpFailureKind.Rejected, "the server lost the session again right after a new one was initialised");
            }
            break;
        }

        // Step 6: count and report.
        if (failure.Kind == McpFailureKind.Cancelled)
        {
            _breaker.Abandoned(key);
            cancellationToken.ThrowIfCancellationRequested();
        }
        else if (failure.CountsAgainstServer)
        {
            _breaker.Failed(key);
        }
        else
        {
            // A JSON-RPC error or an oversized answer still shows a working server.
            _breaker.Succeeded(key);
        }
        McpUpstreamLog.CallFailed(_logger, target.ConnectionId, method, failure.Kind, attempt);
        return new RpcOutcome(default, null, failure, TimeSpan.Zero);
    }

    private McpFailure TimedOut() =>
        new(McpFailureKind.Timeout, $"no answer within {_options.Timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s");

    /// <summary>100 ms ±20 % (spec §3.10), from a CSPRNG because System.Random is banned here.</summary>
    internal static TimeSpan Backoff(TimeSpan wait) => wait * (RandomNumberGenerator.GetInt32(800, 1201) / 1000.0);

    private async Task<McpSession> SessionAsync(McpUpstreamTarget target, CancellationToken cancellationToken)
    {
        var slot = _slots.GetOrAdd(target.UpstreamKey, _ => new McpSessionSlot());
        if (slot.Current is { IsClosed: false } live && live.Transport == target.Transport)
        {
            return live;
        }
        await slot.Gate.WaitAsync(cancellationToken);
        try
        {
            var current = slot.Current;
            if (current is { IsClosed: false } && current.Transport == target.Transport)
            {
                return current;
            }
            slot.Current = null;
            if (current is not null)
            {
                await current.DisposeAsync();
            }
            var created = await McpSession.StartAsync(target, _sockets, _options, cancellationToken);
            slot.Current = created;
            return created;
        }
        finally
        {
            slot.Gate.Release();
        }
    }

    /// <summary>Forgets <paramref name="session"/> if it is still the key's session (another call may have replaced it already).</summary>
    private async Task DropAsync(string key, McpSession? session)
    {
        if (session is null || !_slots.TryGetValue(key, out var slot))
        {
            return;
        }
        await slot.Gate.WaitAsync(CancellationToken.None);
        try
        {
            if (!ReferenceEquals(slot.Current, session))
            {
                return;
            }
            slot.Current = null;
        }
        finally
        {
            slot.Gate.Release();
        }
        await session.DisposeAsync();
    }

    /// <summary>What one run produced: the result and server, or the failure (and, when refused by the breaker, how long it stays open).</summary>
    private readonly record struct RpcOutcome(JsonElement Result, McpServerInfo? Server, McpFailure? Failure, TimeSpan RetryAfter);
}
