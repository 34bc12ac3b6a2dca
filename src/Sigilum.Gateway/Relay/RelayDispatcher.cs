using System.Net.Http.Headers;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Sigilum.Gateway.Operations;
using Sigilum.Protocol.Relay;

namespace Sigilum.Gateway.Relay;

/// <summary>
/// Runs a relayed command against this gateway's own admin API over loopback (ADR 0018), so the admin gate,
/// validation and audit apply exactly as to a local caller: the method and path must be on the relay allow-list
/// (checked again here: the control plane is not trusted to have done it), sealed secrets must open with this
/// gateway's key, and the call is bounded by <see cref="GatewayRelayOptions.DispatchTimeoutSeconds"/>.
/// </summary>
internal sealed class RelayDispatcher : IDisposable
{
    private readonly HttpClient _http;
    private readonly RelayKey _key;
    private readonly GatewayRelayOptions _options;
    private readonly string _adminToken;
    private readonly Func<Uri?> _adminBase;

    /// <param name="key">The key sealed secrets are opened with.</param>
    /// <param name="options">The dispatch timeout.</param>
    /// <param name="adminToken">
    /// This gateway's admin token (configured or generated), sent as <c>X-Sigilum-Admin-Token</c> on every command:
    /// the state-changing admin routes need it in every mode (ADR 0020), and the relay is the paired operator.
    /// </param>
    /// <param name="adminBase">This gateway's own loopback base URL, once it listens.</param>
    public RelayDispatcher(RelayKey key, GatewayRelayOptions options, string adminToken, Func<Uri?> adminBase)
    {
        ArgumentException.ThrowIfNullOrEmpty(adminToken);
        _key = key;
        _options = options;
        _adminToken = adminToken;
        _adminBase = adminBase;
        _http = new HttpClient(new SocketsHttpHandler { UseProxy = false, ConnectTimeout = TimeSpan.FromSeconds(5) }) { Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>The loopback URL of the first address Kestrel bound (a wildcard address becomes 127.0.0.1 / ::1).</summary>
    public static Uri? LoopbackBase(IServer server)
    {
        ArgumentNullException.ThrowIfNull(server);
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        foreach (var address in addresses)
        {
            var text = address.Replace("://+:", "://127.0.0.1:", StringComparison.Ordinal).Replace("://*:", "://127.0.0.1:", StringComparison.Ordinal);
            if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme != "http")
            {
                continue;
            }
            var host = uri.Host switch
            {
                "0.0.0.0" => "127.0.0.1",
                "[::]" or "::" => "[::1]",
                _ => uri.Host,
            };
            return new UriBuilder(uri) { Host = host, Path = "/" }.Uri;
        }
        return null;
    }

    public async Task<RelayAnswer> DispatchAsync(RelayCommandMessage command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        var requestId = command.RequestId ?? string.Empty;
        var method = command.Method?.ToUpperInvariant();
        if (!RelayAllowList.IsAllowed(method, command.Path))
        {
            return RelayAnswer.Refused(requestId, 400, ErrorCatalogue.RelayPathNotAllowed, "Unsupported relay path or method.");
        }
        var (body, unsealError) = RelayBodyUnsealer.Unseal(command.Body, _key);
        if (unsealError is not null)
        {
            return RelayAnswer.Refused(requestId, 400, ErrorCatalogue.SealedSecretInvalid, unsealError);
        }
        try
        {
            if (_adminBase() is not { } baseUrl)
            {
                return RelayAnswer.Refused(requestId, 502, ErrorCatalogue.GatewayDispatchFailed, "The gateway has no plain-HTTP address to dispatch to.");
            }
            using var request = new HttpRequestMessage(new HttpMethod(method!), new Uri(baseUrl, RelayAllowList.PathOnly(command.Path!).TrimStart('/')));
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            request.Headers.TryAddWithoutValidation("X-Request-Id", requestId);
            request.Headers.TryAddWithoutValidation(AdminAccessPolicy.TokenHeader, _adminToken);
            if (body is not null)
            {
                request.Content = new ByteArrayContent(body);
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            }
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(_options.DispatchTimeoutSeconds));
            try
            {
                using var response = await _http.SendAsync(request, timeout.Token).ConfigureAwait(false);
                var text = await response.Content.ReadAsStringAsync(timeout.Token).ConfigureAwait(false);
                var headers = new Dictionary<string, string>(StringComparer.Ordinal);
                if (response.Content.Headers.ContentType is { } type)
                {
                    headers["content-type"] = type.ToString();
                }
                return new RelayAnswer(requestId, (int)response.StatusCode, headers, text.Length == 0 ? null : text, null);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return RelayAnswer.Refused(requestId, 504, ErrorCatalogue.GatewayDispatchTimeout, "The gateway's admin API did not answer in time.");
            }
            catch (HttpRequestException)
            {
                return RelayAnswer.Refused(requestId, 502, ErrorCatalogue.GatewayDispatchFailed, "The gateway's admin API could not be reached.");
            }
        }
        finally
        {
            if (body is not null)
            {
                CryptographicOperations.ZeroMemory(body);
            }
        }
    }

    public void Dispose() => _http.Dispose();
}
