using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Sigilum.Testing.Mcp;

/// <summary>
/// A small authenticating reverse proxy in front of an MCP server (usually <see cref="McpReferenceServer"/>), on
/// 127.0.0.1 and a free (or given) port: it demands one credential — a header, or a query parameter — answers 401
/// without it, records every request it saw (<see cref="Requests"/>: headers, query and body, so a test can show the
/// secret arrived and that nothing else carried it), strips the credential and forwards the rest, streaming the
/// answer back (SSE included). Faults on request: <see cref="ForgetSessions"/> (known session ids get 404 or 400, as
/// a restarted server answers), <see cref="FailNext"/> (N answers of one status), <see cref="HangNext"/> (no answer),
/// <see cref="AnswerNextToolCallWithError"/>
/// (a JSON-RPC error instead of the tool's answer), <see cref="StopAsync"/> / <see cref="StartAgainAsync"/> (the
/// port goes dark and comes back).
/// </summary>
public sealed class AuthenticatingMcpFront : IAsyncDisposable
{
    private const int BodyRecordLimit = 64 * 1024;

    private static readonly HashSet<string> NotForwarded = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Connection", "Keep-Alive", "Transfer-Encoding", "TE", "Trailer", "Upgrade", "Proxy-Connection", "Content-Length",
    };

    private readonly string? _headerName;
    private readonly string? _queryName;
    private readonly string _expected;
    private readonly HttpClient _upstream = new(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false, UseCookies = false })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    private readonly Lock _gate = new();
    private readonly List<McpFrontRequest> _requests = [];
    private readonly HashSet<string> _sessions = new(StringComparer.Ordinal);
    private readonly HashSet<string> _forgotten = new(StringComparer.Ordinal);
    private (HttpStatusCode Status, string Message) _forgottenAnswer = (HttpStatusCode.NotFound, "Session not found");
    private int _failures;
    private HttpStatusCode _failureStatus;
    private (int Code, string Message)? _toolCallError;
    private int _hangs;
    private readonly List<TaskCompletionSource> _arrivals = [];
    private WebApplication? _app;

    private AuthenticatingMcpFront(Uri upstream, string? headerName, string? queryName, string expected, int port)
    {
        Upstream = upstream;
        _headerName = headerName;
        _queryName = queryName;
        _expected = expected;
        Port = port;
    }

    public int Port { get; }

    /// <summary><c>http://127.0.0.1:&lt;port&gt;</c>.</summary>
    public Uri BaseUrl => new($"http://127.0.0.1:{Port}");

    /// <summary><c>http://127.0.0.1:&lt;port&gt;/mcp</c> (the reference server's streamable-HTTP path).</summary>
    public Uri Endpoint => new(BaseUrl, "/mcp");

    /// <summary>Where requests go on (the base URL of the MCP server); may be changed while running.</summary>
    public Uri Upstream { get; set; }

    /// <summary>Every request seen, in arrival order.</summary>
    public IReadOnlyList<McpFrontRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>A front that wants header <paramref name="name"/> with exactly <paramref name="value"/> (e.g. <c>Authorization</c>, <c>Bearer k</c>).</summary>
    public static Task<AuthenticatingMcpFront> StartWithHeaderAsync(Uri upstream, string name, string value, int? port = null) =>
        StartAsync(new AuthenticatingMcpFront(upstream, name, null, value, port ?? FreePort()));

    /// <summary>A front that wants query parameter <paramref name="name"/> with exactly <paramref name="value"/> (after decoding).</summary>
    public static Task<AuthenticatingMcpFront> StartWithQueryAsync(Uri upstream, string name, string value, int? port = null) =>
        StartAsync(new AuthenticatingMcpFront(upstream, null, name, value, port ?? FreePort()));

    /// <summary>
    /// From now on every session id handed out so far is unknown: a request carrying one gets <paramref name="status"/>
    /// with a JSON-RPC error saying <paramref name="message"/> (defaults: 404 "Session not found", the MCP spec's answer).
    /// </summary>
    public void ForgetSessions(HttpStatusCode status = HttpStatusCode.NotFound, string message = "Session not found")
    {
        lock (_gate)
        {
            _forgotten.UnionWith(_sessions);
            _forgottenAnswer = (status, message);
        }
    }

    /// <summary>The next <paramref name="count"/> authenticated requests get <paramref name="status"/> and are not forwarded.</summary>
    public void FailNext(int count, HttpStatusCode status = HttpStatusCode.ServiceUnavailable)
    {
        lock (_gate)
        {
            _failures = count;
            _failureStatus = status;
        }
    }

    /// <summary>The next <c>tools/call</c> is answered (200, application/json) with a JSON-RPC error instead of being forwarded.</summary>
    public void AnswerNextToolCallWithError(int code, string message)
    {
        lock (_gate)
        {
            _toolCallError = (code, message);
        }
    }

    /// <summary>The next <paramref name="count"/> authenticated requests are held open, unanswered, until the client gives up.</summary>
    public void HangNext(int count)
    {
        lock (_gate)
        {
            _hangs = count;
        }
    }

    /// <summary>Completes when the next request arrives (lets a test move a fake clock while a call waits, without sleeping).</summary>
    public Task NextRequestAsync()
    {
        var arrival = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            _arrivals.Add(arrival);
        }
        return arrival.Task;
    }

    /// <summary>Goes down: the port stops listening (connections are refused) until <see cref="StartAgainAsync"/>.</summary>
    public async Task StopAsync()
    {
        if (_app is { } app)
        {
            _app = null;
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    /// <summary>Listens again on the same port.</summary>
    public Task StartAgainAsync() => StartAsync(this);

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _upstream.Dispose();
    }

    private static async Task<AuthenticatingMcpFront> StartAsync(AuthenticatingMcpFront front)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{front.Port}");
        var app = builder.Build();
        app.Run(front.HandleAsync);
        await app.StartAsync();
        front._app = app;
        return front;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var body = await ReadBodyAsync(request, context.RequestAborted);
        var headers = request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var authenticated = _headerName is not null
            ? request.Headers.TryGetValue(_headerName, out var header) && header.Count == 1 && header[0] == _expected
            : request.Query.TryGetValue(_queryName!, out var query) && query.Count == 1 && query[0] == _expected;
        var status = 0;
        string? cannedJson = null;
        var hang = false;
        lock (_gate)
        {
            foreach (var arrival in _arrivals)
            {
                arrival.TrySetResult();
            }
            _arrivals.Clear();
            if (!authenticated)
            {
                status = 401;
            }
            else if (request.Headers.TryGetValue("Mcp-Session-Id", out var session) && _forgotten.Contains(session.ToString()))
            {
                status = (int)_forgottenAnswer.Status;
                cannedJson = JsonRpcError(null, -32001, _forgottenAnswer.Message);
            }
            else if (_hangs > 0)
            {
                _hangs--;
                hang = true;
            }
            else if (_failures > 0)
            {
                _failures--;
                status = (int)_failureStatus;
            }
            else if (_toolCallError is { } error && RpcOf(body) is ("tools/call", var id))
            {
                _toolCallError = null;
                status = 200;
                cannedJson = JsonRpcError(id, error.Code, error.Message);
            }
        }
        if (hang)
        {
            Record(request, headers, body, 0);
            // Until the client gives up or the front stops.
            var stopping = context.RequestServices.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
            using var held = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
            try
            {
                await Task.Delay(Timeout.Infinite, held.Token);
            }
            catch (OperationCanceledException)
            {
            }
            return;
        }
        if (status != 0)
        {
            Record(request, headers, body, status);
            context.Response.StatusCode = status;
            if (cannedJson is not null)
            {
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync(cannedJson, context.RequestAborted);
            }
            else if (status == 401)
            {
                context.Response.Headers.WWWAuthenticate = "Bearer";
            }
            return;
        }
        await ForwardAsync(context, headers, body);
    }

    private async Task ForwardAsync(HttpContext context, Dictionary<string, string> headers, byte[] body)
    {
        var request = context.Request;
        var query = string.Join('&', request.Query
            .Where(q => !string.Equals(q.Key, _queryName, StringComparison.Ordinal))
            .SelectMany(q => q.Value.Select(v => Uri.EscapeDataString(q.Key) + "=" + Uri.EscapeDataString(v ?? ""))));
        var target = new Uri(Upstream, request.Path.Value + (query.Length > 0 ? "?" + query : ""));
        using var forwarded = new HttpRequestMessage(new HttpMethod(request.Method), target);
        if (body.Length > 0 || request.ContentLength is not null)
        {
            forwarded.Content = new ByteArrayContent(body);
        }
        foreach (var (name, value) in headers)
        {
            // The credential stops here: the MCP server behind never sees it.
            if (NotForwarded.Contains(name) || string.Equals(name, _headerName, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            if (!forwarded.Headers.TryAddWithoutValidation(name, value))
            {
                forwarded.Content?.Headers.TryAddWithoutValidation(name, value);
            }
        }
        HttpResponseMessage response;
        try
        {
            response = await _upstream.SendAsync(forwarded, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
        }
        catch (HttpRequestException)
        {
            Record(request, headers, body, 502);
            context.Response.StatusCode = 502;
            return;
        }
        using (response)
        {
            Record(request, headers, body, (int)response.StatusCode);
            if (response.Headers.TryGetValues("mcp-session-id", out var ids))
            {
                lock (_gate)
                {
                    _sessions.UnionWith(ids);
                }
            }
            context.Response.StatusCode = (int)response.StatusCode;
            foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
            {
                if (!NotForwarded.Contains(name))
                {
                    context.Response.Headers[name] = values.ToArray();
                }
            }
            await context.Response.StartAsync(context.RequestAborted);
            try
            {
                await using var stream = await response.Content.ReadAsStreamAsync(context.RequestAborted);
                var buffer = new byte[16 * 1024];
                int read;
                while ((read = await stream.ReadAsync(buffer, context.RequestAborted)) > 0)
                {
                    await context.Response.Body.WriteAsync(buffer.AsMemory(0, read), context.RequestAborted);
                    await context.Response.Body.FlushAsync(context.RequestAborted);
                }
            }
            catch (Exception ex) when (ex is IOException or OperationCanceledException or HttpRequestException)
            {
                context.Abort();
            }
        }
    }

    private void Record(HttpRequest request, Dictionary<string, string> headers, byte[] body, int status)
    {
        var text = Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, BodyRecordLimit));
        lock (_gate)
        {
            _requests.Add(new McpFrontRequest(request.Method, request.Path.Value + request.QueryString.Value, headers, text, status));
        }
    }

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken);
        return buffer.ToArray();
    }

    /// <summary>The JSON-RPC method and raw id of a request body, or null when the body is not one.</summary>
    private static (string Method, JsonNode? Id)? RpcOf(byte[] body)
    {
        try
        {
            return JsonNode.Parse(body) is JsonObject { } message && message["method"]?.GetValue<string>() is { } method
                ? (method, message["id"]?.DeepClone())
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string JsonRpcError(JsonNode? id, int code, string message) =>
        new JsonObject
        {
            ["jsonrpc"] = "2.0",
            ["id"] = id,
            ["error"] = new JsonObject { ["code"] = code, ["message"] = message },
        }.ToJsonString();

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
