using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Sigilum.Vault.Proxy;

/// <summary>
/// A real HTTPS upstream (Kestrel, HTTP/1.1) whose certificate for <see cref="HostName"/> comes
/// from its own test CA, which the vault trusts as its <c>--upstream-ca</c>. It records what it
/// received: the test asserts the credential arrived and the attestation did not.
/// </summary>
internal sealed class TestUpstream : IAsyncDisposable
{
    public const string HostName = "api.upstream.test";
    private readonly WebApplication _app;
    private readonly TaskCompletionSource _pairArrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _paired;
    private int _accepted;

    private TestUpstream(WebApplication app, int port, X509Certificate2 root)
    {
        _app = app;
        Port = port;
        Root = root;
    }

    public int Port { get; }

    public X509Certificate2 Root { get; }

    public ConcurrentQueue<ReceivedRequest> Received { get; } = new();

    /// <summary>Completed by a test to make <c>/cut</c> drop its connection.</summary>
    public TaskCompletionSource Cut { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>TCP connections accepted so far (any, even one that never sent a byte).</summary>
    public int AcceptedConnections => Volatile.Read(ref _accepted);

    /// <summary>The same count under the name the audit-failure tests use: "nothing was forwarded" means not even a connect.</summary>
    public int Connections => AcceptedConnections;

    /// <summary>Called with every request and its body before it is answered (e.g. to verify a SigV4 signature).</summary>
    public Action<HttpContext, byte[]>? Inspect { get; set; }

    public static async Task<TestUpstream> StartAsync()
    {
        var (root, leaf) = CreateCertificates();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        TestUpstream? self = null;
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen =>
        {
            listen.Protocols = HttpProtocols.Http1;
            // Counted before TLS: "nothing reached the upstream" means no TCP connection at all.
            listen.Use(next => connection =>
            {
                Interlocked.Increment(ref self!._accepted);
                return next(connection);
            });
            listen.UseHttps(leaf);
        }));
        var app = builder.Build();
        app.Run(async context =>
        {
            var request = context.Request;
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer);
            var bytes = buffer.ToArray();
            var body = System.Text.Encoding.UTF8.GetString(bytes);
            self!.Inspect?.Invoke(context, bytes);
            self!.Received.Enqueue(new ReceivedRequest(request.Method, request.Path.Value ?? "", request.QueryString.Value ?? "",
                request.Headers.Authorization.ToString(), request.Headers.Host.ToString(),
                request.Headers.ContainsKey("X-Sigil-Attestation"), request.Headers.ContainsKey("Proxy-Authorization"), body));
            switch (request.Path.Value)
            {
                case "/echo":
                    context.Response.Headers["X-Echo"] = request.Headers.Authorization.ToString();
                    await context.Response.WriteAsync("you sent: " + request.Headers.Authorization + " and " + request.Query["key"]);
                    break;
                case "/echo-as":
                    // Echoes the injected credential spelled as ?form= says, split over two flushed chunks (PRX-18).
                    var spelled = Sigilum.Testing.EchoSpellings.Spell(request.Query["form"].ToString(), request.Headers.Authorization.ToString()["Bearer ".Length..]);
                    context.Response.Headers["X-Echo"] = "got " + spelled;
                    await context.Response.WriteAsync("data: " + spelled[..(spelled.Length / 2)]);
                    await context.Response.Body.FlushAsync();
                    await context.Response.WriteAsync(spelled[(spelled.Length / 2)..] + "\n\n");
                    break;
                case "/stream":
                    for (var i = 0; i < 3; i++)
                    {
                        await context.Response.WriteAsync($"data: {i}\n\n");
                        await context.Response.Body.FlushAsync();
                    }
                    break;
                case "/pair":
                    // Answers only once two requests are in flight at the same time (concurrent HTTP/2 streams).
                    if (Interlocked.Increment(ref self._paired) == 2)
                    {
                        self._pairArrived.TrySetResult();
                    }
                    await self._pairArrived.Task.WaitAsync(context.RequestAborted);
                    await context.Response.WriteAsync("paired");
                    break;
                case "/close":
                    // Answers, then closes: the vault must not put this connection back in its pool.
                    context.Response.Headers.Connection = "close";
                    await context.Response.WriteAsync("closing");
                    break;
                case "/redirect":
                    context.Response.StatusCode = 302;
                    context.Response.Headers.Location = "https://evil.example/collect";
                    break;
                case "/hang":
                    // Accepts the request, never answers: the vault's budget must end it (PRX-13).
                    await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
                    break;
                case "/stall":
                    await context.Response.WriteAsync("first\n");
                    await context.Response.Body.FlushAsync();
                    await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
                    break;
                case "/reset":
                    // Reads the request, then drops the connection without a response (PRX-14).
                    context.Abort();
                    break;
                case "/cut":
                    // Promises 1000 bytes, sends 5, then drops the connection (PRX-14 mid-response).
                    context.Response.ContentLength = 1000;
                    await context.Response.WriteAsync("first");
                    await context.Response.Body.FlushAsync();
                    // Dropped only once the test saw the head arrive (an abort can overtake unsent output).
                    await self.Cut.Task.WaitAsync(context.RequestAborted);
                    context.Abort();
                    break;
                case "/big-header":
                    // A response head far beyond the vault's 32 KiB cap (PRX-19).
                    context.Response.Headers["X-Big"] = new string('b', 1 << 20);
                    await context.Response.WriteAsync("never relayed");
                    break;
                default:
                    await context.Response.WriteAsync("ok " + body);
                    break;
            }
        });
        await app.StartAsync();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        self = new TestUpstream(app, address.Port, root);
        return self;
    }

    private static (X509Certificate2 Root, X509Certificate2 Leaf) CreateCertificates()
    {
        using var rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var rootRequest = new CertificateRequest("CN=Test upstream CA", rootKey, HashAlgorithmName.SHA256);
        rootRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        rootRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        var now = TimeProvider.System.GetUtcNow();
        var root = rootRequest.CreateSelfSigned(now.AddDays(-1), now.AddYears(1));
        using var leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var leafRequest = new CertificateRequest("CN=" + HostName, leafKey, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName(HostName);
        san.AddIpAddress(IPAddress.Loopback);
        leafRequest.CertificateExtensions.Add(san.Build());
        leafRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var leaf = leafRequest.Create(root, now.AddDays(-1), now.AddDays(30), [1, 2, 3, 4]);
        using var withKey = leaf.CopyWithPrivateKey(leafKey);
        return (X509CertificateLoader.LoadCertificate(root.Export(X509ContentType.Cert)),
            X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

internal sealed record ReceivedRequest(string Method, string Path, string Query, string Authorization, string Host, bool HadAttestation, bool HadProxyAuthorization, string Body);
