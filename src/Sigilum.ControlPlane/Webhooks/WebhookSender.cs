using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using Sigilum.ControlPlane.Hosting;

namespace Sigilum.ControlPlane.Webhooks;

/// <summary>
/// Sends one signed delivery: checks the target with <see cref="WebhookTargetGuard"/>, dials exactly the
/// address it approved, never follows redirects (a 3xx to an internal host would bypass the guard) and
/// never uses a proxy (which would resolve the name again on its side).
/// </summary>
internal sealed class WebhookSender : IDisposable
{
    public const string EventHeader = "X-Sigilum-Event";
    public const string WebhookIdHeader = "X-Sigilum-Webhook-Id";
    public const string DeliveryIdHeader = "X-Sigilum-Delivery-Id";
    public const string TimestampHeader = "X-Sigilum-Timestamp";
    public const string SignatureHeader = "X-Sigilum-Signature";

    private static readonly HttpRequestOptionsKey<IPAddress> DialAddress = new("sigilum.webhook.dial-address");
    private readonly WebhookTargetGuard _guard;
    private readonly HttpClient _client;

    public WebhookSender(WebhookTargetGuard guard, IOptions<ControlPlaneOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _guard = guard;
        var timeout = TimeSpan.FromSeconds(options.Value.Webhooks.TimeoutSeconds);
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            UseCookies = false,
            ConnectTimeout = timeout,
            // Pooled connections were dialled to a checked address; recycling them bounds how long a
            // changed DNS answer is ignored.
            PooledConnectionLifetime = TimeSpan.FromMinutes(1),
            MaxResponseHeadersLength = 64,
            ConnectCallback = ConnectAsync,
        };
        _client = new HttpClient(handler) { Timeout = timeout };
        _client.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("Sigilum-Webhooks", "1"));
    }

    public async Task<SendOutcome> SendAsync(WebhookMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var target = await _guard.CheckAsync(message.Url, cancellationToken);
        if (target.Address is null)
        {
            // A refused target stays refused; a name that did not resolve may resolve on the next attempt.
            return target.IsRefused ? SendOutcome.GiveUp(target.Error!) : SendOutcome.Failure(target.Error!);
        }
        using var request = new HttpRequestMessage(HttpMethod.Post, message.Url) { Content = new ByteArrayContent(message.Body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add(EventHeader, message.Event);
        request.Headers.Add(WebhookIdHeader, message.WebhookId);
        request.Headers.Add(DeliveryIdHeader, message.DeliveryId);
        request.Headers.Add(TimestampHeader, message.Timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add(SignatureHeader, message.Signature);
        request.Options.Set(DialAddress, target.Address);
        try
        {
            using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            return SendOutcome.Status((int)response.StatusCode);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return SendOutcome.Failure("timeout");
        }
        catch (HttpRequestException)
        {
            return SendOutcome.Failure("connection_failed");
        }
    }

    public void Dispose() => _client.Dispose();

    private static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        if (!context.InitialRequestMessage.Options.TryGetValue(DialAddress, out var address))
        {
            throw new InvalidOperationException("A webhook connection was opened without a checked address.");
        }
        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(new IPEndPoint(address, context.DnsEndPoint.Port), cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
