using System.Collections.Concurrent;
using Sigilum.Protocol.Errors;
using Sigilum.Protocol.Relay;

namespace Sigilum.ControlPlane.Relay;

/// <summary>
/// The in-memory relay (ADR 0018): which gateways hold a relay stream to this instance, and the commands
/// waiting for their answers, keyed by request id. A command to a gateway whose stream is elsewhere (another
/// instance, or none) fails at once with <see cref="ErrorCatalogue.GatewayNotConnected"/> rather than hanging;
/// pending commands are failed when their stream ends.
/// </summary>
internal sealed class GatewayRelayHub : IGatewayRelay
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(15);
    public static readonly TimeSpan MinTimeout = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan MaxTimeout = TimeSpan.FromSeconds(60);

    private readonly ConcurrentDictionary<(string Namespace, string NodeId), RelayConnection> _connections = new();
    private readonly ConcurrentDictionary<string, RelayPending> _pending = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public GatewayRelayHub(TimeProvider time, ILogger<GatewayRelayHub> logger)
    {
        _time = time;
        _logger = logger;
    }

    public IReadOnlyList<RelayedGateway> Connected(string ns) =>
        _connections.Values.Where(c => c.Namespace == ns).Select(c => c.View()).OrderBy(g => g.NodeId, StringComparer.Ordinal).ToList();

    public async Task<RelayResponse> SendAsync(string ns, string nodeId, RelayCommand command, CancellationToken cancellationToken) =>
        (await ExchangeAsync(ns, nodeId, command, cancellationToken).ConfigureAwait(false)).Response;

    /// <summary><see cref="SendAsync"/> with the request id and the gateway's response headers (the owner JSON API returns them).</summary>
    public async Task<RelayExchange> ExchangeAsync(string ns, string nodeId, RelayCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var method = command.Method?.ToUpperInvariant() ?? string.Empty;
        if (!RelayAllowList.IsAllowed(method, command.Path))
        {
            return RelayExchange.Failed(Failure(400, ErrorCatalogue.RelayPathNotAllowed, "This method and path may not be relayed to a gateway."));
        }
        if (RelayBodyGuard.Check(command.Body) is { } bodyError)
        {
            return RelayExchange.Failed(Failure(400, bodyError, bodyError == ErrorCatalogue.RelayPlaintextSecret
                ? "Provider secrets must be sealed to the gateway's key (sealed_secrets / sealed_value); plaintext secrets or value are never relayed."
                : "A relayed body must be a JSON object."));
        }
        if (!_connections.TryGetValue((ns, nodeId), out var connection))
        {
            return RelayExchange.Failed(Failure(503, ErrorCatalogue.GatewayNotConnected, "The gateway holds no relay stream to this control plane."));
        }
        var timeout = command.Timeout ?? DefaultTimeout;
        timeout = timeout < MinTimeout ? MinTimeout : timeout > MaxTimeout ? MaxTimeout : timeout;
        var requestId = Guid.NewGuid().ToString("D");
        var pending = new RelayPending(connection);
        _pending[requestId] = pending;
        try
        {
            var headers = new Dictionary<string, string>(StringComparer.Ordinal) { ["accept"] = "application/json" };
            if (command.Body is not null)
            {
                headers["content-type"] = "application/json";
            }
            // Only the path is relayed: the allow-list was checked without the query, so none is sent.
            var path = RelayAllowList.PathOnly(command.Path!);
            if (!connection.TryEnqueue(new RelayWireCommand(requestId, method, path, headers, command.Body)))
            {
                return new RelayExchange(requestId, Failure(503, ErrorCatalogue.GatewayNotConnected, "The gateway's relay stream is closed or busy."), null, Answered: false);
            }
            RelayLog.Sent(_logger, requestId, nodeId, method, path);
            try
            {
                return await pending.Answer.Task.WaitAsync(timeout, _time, cancellationToken).ConfigureAwait(false) with { RequestId = requestId };
            }
            catch (TimeoutException)
            {
                RelayLog.TimedOut(_logger, requestId, nodeId);
                return new RelayExchange(requestId, Failure(504, ErrorCatalogue.GatewayRelayTimeout, "The gateway did not answer in time."), null, Answered: false);
            }
        }
        finally
        {
            _pending.TryRemove(requestId, out _);
        }
    }

    /// <summary>Registers a new stream of a node, replacing (and closing) an older one.</summary>
    public RelayConnection Attach(string ns, string nodeId, string encryptionKey, string encryptionKeyId)
    {
        var connection = new RelayConnection(ns, nodeId, encryptionKey, encryptionKeyId, _time.GetUtcNow());
        RelayConnection? replaced = null;
        _connections.AddOrUpdate((ns, nodeId), connection, (_, old) =>
        {
            replaced = old;
            return connection;
        });
        if (replaced is not null)
        {
            Detach(replaced);
        }
        RelayLog.Attached(_logger, nodeId, ns);
        return connection;
    }

    /// <summary>Ends a stream: it is no longer offered, and its unanswered commands fail.</summary>
    public void Detach(RelayConnection connection)
    {
        _connections.TryRemove(KeyValuePair.Create((connection.Namespace, connection.NodeId), connection));
        connection.Close();
        foreach (var (requestId, pending) in _pending)
        {
            if (ReferenceEquals(pending.Connection, connection))
            {
                pending.Answer.TrySetResult(new RelayExchange(requestId, Failure(502, ErrorCatalogue.GatewayRelayFailed, "The gateway's relay stream ended before it answered."), null, Answered: false));
                _pending.TryRemove(requestId, out _);
            }
        }
        RelayLog.Detached(_logger, connection.NodeId, connection.Namespace);
    }

    /// <summary>
    /// Completes a pending command with the answer of node <paramref name="nodeId"/>; false when no command with
    /// that id waits for that node (unknown, answered, timed out, or sent to another node).
    /// </summary>
    public bool TryComplete(string ns, string nodeId, string requestId, RelayExchange response)
    {
        if (!_pending.TryGetValue(requestId, out var pending) || pending.Connection.Namespace != ns || pending.Connection.NodeId != nodeId)
        {
            return false;
        }
        pending.Connection.Seen(_time.GetUtcNow());
        return pending.Answer.TrySetResult(response);
    }

    private static RelayResponse Failure(int status, string code, string message) =>
        new(status, System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, string> { ["error"] = message, ["code"] = code }), code);
}
