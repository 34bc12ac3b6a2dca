using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Logging;
using Sigilum.Core.Connections;
using Sigilum.Core.Storage;

namespace Sigilum.Gateway.Connections;

/// <summary>
/// Sends one request to a connection's upstream with the credential injected, to check that it works
/// (spec §3.1 test route). Its own <see cref="HttpClient"/> (SocketsHttpHandler: no redirects, no proxy,
/// no cookies), separate from the forwarding engine. Records the outcome on the connection.
/// 2xx is a pass; anything else, or no answer, is a fail.
/// </summary>
internal sealed class ConnectionTester : IDisposable
{
    private static readonly HashSet<string> SkippedHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Connection", "Keep-Alive", "Transfer-Encoding", "TE", "Trailer", "Upgrade", "Proxy-Connection", "Content-Length",
    };

    private readonly HttpClient _client;
    private readonly ConnectionResolver _resolver;
    private readonly ISigilumStore _store;
    private readonly ConnectionOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<ConnectionTester> _logger;

    public ConnectionTester(ConnectionResolver resolver, ISigilumStore store, ConnectionOptions options, TimeProvider time, ILogger<ConnectionTester> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _resolver = resolver;
        _store = store;
        _options = options;
        _time = time;
        _logger = logger;
        _client = new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectTimeout = TimeSpan.FromSeconds(10),
            // Secret bytes go out unchanged, whatever they are (Latin-1 maps each byte to one char and back).
            RequestHeaderEncodingSelector = (_, _) => Encoding.Latin1,
        })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    public async Task<AdminOutcome<ConnectionTestResult>> TestAsync(string connectionId, TestConnectionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var method = string.IsNullOrWhiteSpace(request.Method) ? "GET" : request.Method.Trim().ToUpperInvariant();
        if (method is "CONNECT" or "TRACE" || !method.All(char.IsAsciiLetter))
        {
            return ConnectionErrors.Invalid("method must be an HTTP method other than CONNECT or TRACE");
        }
        var path = string.IsNullOrWhiteSpace(request.TestPath) ? "/" : request.TestPath.Trim();
        if (!path.StartsWith('/'))
        {
            path = "/" + path;
        }
        if (path.Any(c => c is '#' or '\\' || char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            return ConnectionErrors.Invalid("test_path must be a path (and optional query) without spaces or a fragment");
        }
        if (request.Headers?.Any(h => string.IsNullOrWhiteSpace(h.Key) || (h.Value ?? "").Any(char.IsControl)) == true)
        {
            return ConnectionErrors.Invalid("headers must be names with values without control characters");
        }

        using var resolution = await _resolver.ResolveAsync(connectionId, enforceRotation: false, cancellationToken);
        if (!resolution.Succeeded)
        {
            return resolution.Error;
        }
        var result = await SendAsync(resolution, method, path, request, cancellationToken);
        await _store.Connections.RecordTestAsync(connectionId, _time.GetUtcNow(), result.Status, result.HttpStatus, result.Error, cancellationToken);
        ConnectionLog.Tested(_logger, connectionId, result.Status, result.HttpStatus);
        return AdminOutcome<ConnectionTestResult>.Ok(result);
    }

    private async Task<ConnectionTestResult> SendAsync(ConnectionResolution resolution, string method, string path, TestConnectionRequest request, CancellationToken cancellationToken)
    {
        var url = resolution.UpstreamBase!.AbsoluteUri.TrimEnd('/') + path;
        if (resolution.QueryParameter is { } parameter)
        {
            url += (path.Contains('?', StringComparison.Ordinal) ? "&" : "?") + parameter.ToQueryPair();
        }
        using var message = new HttpRequestMessage(new HttpMethod(method), url);
        string? contentType = null;
        foreach (var (name, value) in request.Headers ?? [])
        {
            if (SkippedHeaders.Contains(name) || (resolution.Header is { } injected && name.Equals(injected.Name, StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }
            if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                contentType = value;
                continue;
            }
            message.Headers.TryAddWithoutValidation(name, value);
        }
        if (resolution.Header is { } header)
        {
            // Known gap shared with the forwarding engine: HttpRequestMessage takes header values only as strings.
            message.Headers.TryAddWithoutValidation(header.Name, Encoding.Latin1.GetString(header.Value));
        }
        if (request.Body is not null)
        {
            message.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(request.Body));
            if (MediaTypeHeaderValue.TryParse(contentType ?? "application/json", out var media))
            {
                message.Content.Headers.ContentType = media;
            }
        }
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.TestTimeout);
        try
        {
            using var response = await _client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var status = (int)response.StatusCode;
            return status is >= 200 and < 300
                ? new ConnectionTestResult(ConnectionValues.TestPass, status, null)
                : new ConnectionTestResult(ConnectionValues.TestFail, status, $"upstream answered HTTP {status.ToString(CultureInfo.InvariantCulture)}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new ConnectionTestResult(ConnectionValues.TestFail, null,
                $"upstream did not answer within {_options.TestTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s");
        }
        catch (HttpRequestException ex)
        {
            // The category only: exception text can quote the URL, and with query_param the URL holds the secret.
            return new ConnectionTestResult(ConnectionValues.TestFail, null, "upstream request failed: " + Describe(ex.HttpRequestError));
        }
    }

    private static string Describe(HttpRequestError error) => error switch
    {
        HttpRequestError.NameResolutionError => "host name not found",
        HttpRequestError.ConnectionError => "connection failed",
        HttpRequestError.SecureConnectionError => "TLS handshake failed",
        HttpRequestError.HttpProtocolError or HttpRequestError.InvalidResponse => "invalid HTTP response",
        HttpRequestError.ResponseEnded => "connection closed before a response",
        _ => "transport error",
    };

    public void Dispose() => _client.Dispose();
}
