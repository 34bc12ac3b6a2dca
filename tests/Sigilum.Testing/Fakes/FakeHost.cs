using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Sigilum.Testing.Fakes;

/// <summary>
/// A real Kestrel server on 127.0.0.1 and a free port for one fake backend, with the faults every fake
/// can be told to produce: hang (never answer until the client gives up), or answer a canned status and
/// body for the next requests. Every request is recorded (method and path, never bodies).
/// </summary>
public sealed class FakeHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Queue<CannedAnswer> _canned = new();
    private readonly Lock _gate = new();
    private readonly List<string> _requests = [];
    private readonly List<TaskCompletionSource> _arrivals = [];

    private FakeHost(WebApplication app, Uri baseUri)
    {
        _app = app;
        BaseUri = baseUri;
    }

    public Uri BaseUri { get; }

    /// <summary>When set, requests are held open until the client cancels or the host stops.</summary>
    public bool Hang { get; set; }

    /// <summary>"METHOD /path" of every request seen, in order.</summary>
    public IReadOnlyList<string> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>Completes when the next request arrives (lets a test cancel a hanging call without sleeping).</summary>
    public Task NextRequestAsync()
    {
        var arrival = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            _arrivals.Add(arrival);
        }
        return arrival.Task;
    }

    /// <summary>Plain HTTP, or HTTPS with <paramref name="certificate"/> (for tests of private CAs and TLS failures).</summary>
    public static async Task<FakeHost> StartAsync(Func<HttpContext, Task> handler, X509Certificate2? certificate = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        if (certificate is null)
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
        }
        else
        {
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(certificate)));
        }
        var app = builder.Build();
        FakeHost? host = null;
        app.Run(async context =>
        {
            await host!.HandleAsync(context, handler);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        host = new FakeHost(app, new Uri(address));
        return host;
    }

    /// <summary>Answers the next request with <paramref name="status"/> and <paramref name="body"/> instead of the real logic.</summary>
    public void Enqueue(int status, string body, string contentType = "application/json", IReadOnlyDictionary<string, string>? headers = null)
    {
        lock (_gate)
        {
            _canned.Enqueue(new CannedAnswer(status, body, contentType, headers));
        }
    }

    private async Task HandleAsync(HttpContext context, Func<HttpContext, Task> handler)
    {
        CannedAnswer? canned;
        lock (_gate)
        {
            _requests.Add($"{context.Request.Method} {context.Request.Path}{context.Request.QueryString}");
            canned = _canned.Count > 0 ? _canned.Dequeue() : null;
            foreach (var arrival in _arrivals)
            {
                arrival.TrySetResult();
            }
            _arrivals.Clear();
        }
        if (Hang)
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
            try
            {
                await Task.Delay(Timeout.Infinite, linked.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
        if (canned is not null)
        {
            context.Response.StatusCode = canned.Status;
            context.Response.ContentType = canned.ContentType;
            foreach (var (name, value) in canned.Headers ?? new Dictionary<string, string>())
            {
                context.Response.Headers[name] = value;
            }
            await context.Response.WriteAsync(canned.Body);
            return;
        }
        await handler(context);
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _stopping.Dispose();
    }

    private sealed record CannedAnswer(int Status, string Body, string ContentType, IReadOnlyDictionary<string, string>? Headers);
}
