using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Sigilum.AspNetCore.RequestIds;
using Sigilum.Core.Secrets;

namespace Sigilum.Gateway.Forwarding;

/// <summary>
/// A real upstream, a real Kestrel front that calls the engine for every request, and a plain client
/// (no decompression, no redirects) pointed at the front.
/// </summary>
internal sealed class ForwardingHarness : IAsyncDisposable
{
    public const string Secret = "sk-test-0123456789abcdef";

    private readonly TaskCompletionSource<ForwarderError> _outcome = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private HttpForwarder _forwarder = null!;
    private KestrelServer _front = null!;
    private KestrelServer? _upstream;

    private ForwardingHarness()
    {
    }

    public HttpClient Client { get; private set; } = null!;

    /// <summary>The last decision handed to the engine (to check that its secrets were zeroed).</summary>
    public ForwardingDecision? LastDecision { get; private set; }

    /// <summary>The engine's outcome for the (single) request this harness served.</summary>
    public Task<ForwarderError> Outcome => _outcome.Task;

    public static Task<ForwardingHarness> StartAsync(
        RequestDelegate upstream, ForwardingOptions? options = null, TimeProvider? time = null, bool scrub = true, string injectedHeader = "Authorization") =>
        StartAsync(upstream, null, options, time, scrub, injectedHeader);

    /// <summary>Starts with <paramref name="secret"/> injected (as a bearer token) and scrubbed.</summary>
    public static Task<ForwardingHarness> StartWithSecretAsync(RequestDelegate upstream, string secret) =>
        StartAsync(upstream, null, null, null, true, "Authorization", secret);

    /// <summary>
    /// Starts with <paramref name="secret"/> injected and scrubbed only through <paramref name="shared"/> (spellings derived
    /// once and shared by every request, as the gateway caches them per connection and secret version, ADR 0044).
    /// </summary>
    public static Task<ForwardingHarness> StartWithSharedSpellingsAsync(RequestDelegate upstream, string secret, SecretSpellings shared) =>
        StartAsync(upstream, null, null, null, true, "Authorization", secret, shared);

    /// <summary>Starts with a TLS upstream (HTTP/1.1 and HTTP/2 by ALPN) using <paramref name="certificate"/>.</summary>
    /// <param name="upstream">The upstream's handler.</param>
    /// <param name="certificate">The upstream's certificate (pinned by <paramref name="options"/>).</param>
    /// <param name="options">The engine's options.</param>
    /// <param name="http2Front">The agent talks HTTP/2 to the front (prior knowledge), so it can receive trailers.</param>
    public static async Task<ForwardingHarness> StartTlsAsync(RequestDelegate upstream, X509Certificate2 certificate, ForwardingOptions options, bool http2Front = false)
    {
        var server = await KestrelServer.StartAsync(upstream, certificate: certificate);
        var harness = await StartAsync(null, server.BaseUri, options, http2Front: http2Front);
        harness._upstream = server;
        return harness;
    }

    /// <summary>Starts against <paramref name="upstreamBase"/> when given (e.g. a closed port), else a new upstream.</summary>
    public static async Task<ForwardingHarness> StartAsync(
        RequestDelegate? upstream, Uri? upstreamBase, ForwardingOptions? options = null, TimeProvider? time = null, bool scrub = true,
        string injectedHeader = "Authorization", string secret = Secret, SecretSpellings? shared = null, bool http2Front = false)
    {
        var harness = new ForwardingHarness();
        if (upstream is not null)
        {
            harness._upstream = await KestrelServer.StartAsync(upstream);
            upstreamBase = harness._upstream.BaseUri;
        }
        harness._forwarder = new HttpForwarder(options ?? new ForwardingOptions(), time ?? TimeProvider.System);
        harness._front = await KestrelServer.StartAsync(
            async context =>
            {
                var decision = new ForwardingDecision(
                    upstreamBase!,
                    context.Request.Path + context.Request.QueryString,
                    [new InjectedHeader(injectedHeader, Encoding.UTF8.GetBytes(injectedHeader == "Authorization" ? "Bearer " + secret : secret))],
                    scrub && shared is null ? [Encoding.UTF8.GetBytes(secret)] : [],
                    shared);
                harness.LastDecision = decision;
                var outcome = await harness._forwarder.ForwardAsync(context, decision);
                harness._outcome.TrySetResult(outcome);
            },
            app => app.UseMiddleware<RequestIdMiddleware>(),
            http2Only: http2Front);
        harness.Client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false, UseProxy = false })
        {
            BaseAddress = harness._front.BaseUri,
        };
        if (http2Front)
        {
            harness.Client.DefaultRequestVersion = HttpVersion.Version20;
            harness.Client.DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact;
        }
        return harness;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _front.DisposeAsync();
        if (_upstream is not null)
        {
            await _upstream.DisposeAsync();
        }
        _forwarder.Dispose();
    }
}
