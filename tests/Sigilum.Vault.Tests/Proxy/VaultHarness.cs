using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Sigilum.Backends;
using Sigilum.Protocol.Attestations;
using Sigilum.Protocol.Intents;
using Sigilum.Protocol.Jose;
using Sigilum.Protocol.Keys;
using Sigilum.Testing;
using Sigilum.Vault.Hosting;
using Sigilum.Vault.Store;

namespace Sigilum.Vault.Proxy;

/// <summary>
/// Everything real: a vault home made by the same code as <c>sigil-vault init</c>, a pinned signer
/// key, one agent, an <c>env</c> backend, one route, a TLS upstream with its own CA and the proxy on
/// a free loopback port. Agents are real <see cref="HttpClient"/>s configured with the proxy and
/// trusting only the vault's CA.
/// </summary>
internal sealed class VaultHarness : IAsyncDisposable
{
    public const string Secret = "sk-test-Secret_0123456789";
    public const string SecretVariable = "UPSTREAM_KEY";
    public const string Kid = "sign-key-1";
    public const string Issuer = "sigil-core";

    private readonly List<HttpClient> _clients = [];

    private VaultHarness(TempDirectory home, VaultPaths paths, VaultStore store, Ed25519KeyPair signer, string agentId, string token, TestUpstream upstream)
    {
        Home = home;
        Paths = paths;
        Store = store;
        Signer = signer;
        AgentId = agentId;
        Token = token;
        Upstream = upstream;
    }

    public TempDirectory Home { get; }

    public VaultPaths Paths { get; }

    public VaultStore Store { get; }

    public Ed25519KeyPair Signer { get; }

    public string AgentId { get; }

    public string Token { get; }

    public TestUpstream Upstream { get; }

    public VaultHost Host { get; private set; } = null!;

    public X509Certificate2 VaultCa { get; private set; } = null!;

    public CountingBackend? Backend { get; private set; }

    public Dictionary<string, string> Environment { get; } = new(StringComparer.Ordinal) { [SecretVariable] = Secret };

    public static async Task<VaultHarness> StartAsync(HarnessOptions? options = null)
    {
        options ??= new HarnessOptions();
        var home = new TempDirectory("sigil-vault-test-");
        var paths = new VaultPaths(Path.Combine(home.Path, "vault"));
        var location = options.Store ?? VaultStoreLocation.Default;
        await VaultInitializer.InitializeAsync(paths, location, null, TimeProvider.System);
        var store = await VaultStore.OpenAsync(paths, location, TimeProvider.System);
        if (options.Peer is { } peer)
        {
            // A second instance on the peer's shared store: its configuration, signer, agent and upstream; its own home, CA and audit.
            var second = new VaultHarness(home, paths, store, peer.Signer, peer.AgentId, peer.Token, peer.Upstream) { _ownsShared = false };
            await second.StartProxyAsync(options);
            return second;
        }
        var signer = Ed25519KeyPair.Generate();
        var now = TimeProvider.System.GetUtcNow();
        var pinnedKey = options.PinOtherKey ? Ed25519KeyPair.Generate() : signer;
        await store.AddTrustAnchorAsync(new TrustAnchor(Kid, RawKeyFingerprint.Compute(pinnedKey.PublicKey), options.Issuer,
            Jwk.FromPublicKey(signer.PublicKey, Kid), "test", now));
        var token = "svt_" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24));
        var agentId = "agt_test";
        await store.AddAgentAsync(new VaultAgent(agentId, "test-agent", VaultStore.HashToken(token), now, null));
        await store.AddBackendAsync(new BackendConfig("env1", "env", new Dictionary<string, string>(), now));
        HeaderTemplate? query = null;
        if (options.Query is not null && !HeaderTemplate.TryParse(options.Query, false, out query, out var error))
        {
            throw new InvalidOperationException(error);
        }
        var upstream = await TestUpstream.StartAsync();
        // Routes pin the port (docs/decisions/0022): the test upstream listens on a free one.
        await store.AddRouteAsync(new RouteConfig("rt_1", agentId, options.RouteHost, options.RoutePath, "env1", SecretVariable,
            [.. options.Headers.Select(h => HeaderTemplate.TryParse(h, true, out var t, out _) ? t : throw new InvalidOperationException(h))],
            query, options.AllowPrivateNetwork, now) { Scheme = options.RouteScheme, Port = options.RoutePort ?? upstream.Port });
        var harness = new VaultHarness(home, paths, store, signer, agentId, token, upstream);
        await harness.StartProxyAsync(options);
        return harness;
    }

    private HarnessOptions _options = new();

    /// <summary>False for a second instance (<see cref="HarnessOptions.Peer"/>): the signer and upstream are the peer's.</summary>
    private bool _ownsShared = true;

    private async Task StartProxyAsync(HarnessOptions options)
    {
        _options = options;
        var backendContext = new BackendContext { GetEnvironmentVariable = name => Environment.GetValueOrDefault(name) };
        Host = await VaultHost.StartAsync(Paths, new VaultProxyOptions
        {
            Port = 0,
            UpstreamRoots = options.TrustUpstreamCa ? [Upstream.Root] : [],
            BackendContext = backendContext,
            RequestBudget = options.RequestBudget,
            StreamIdleTimeout = options.StreamIdleTimeout,
            MaxTunnelsPerAgent = options.MaxTunnelsPerAgent,
            MaxStreamsPerTunnel = options.MaxStreamsPerTunnel,
            MaxRequestBodyBytes = options.MaxRequestBodyBytes,
            HeadersTimeout = options.HeadersTimeout,
            CheckpointWritten = options.CheckpointWritten,
            InsecureAllowPlainHttpUpstreams = options.InsecureAllowPlainHttpUpstreams,
            AuditLogHook = options.AuditLogHook,
            BackendFactory = (definition, context) =>
            {
                var (backend, errors) = BackendFactory.Create(definition, context);
                if (backend is null)
                {
                    return (null, errors);
                }
                Backend = new CountingBackend(backend, options.BeforeFetch);
                return (Backend, errors);
            },
            Resolve = options.Resolve ?? ((host, _) => Task.FromResult(host.EndsWith(".upstream.test", StringComparison.Ordinal)
                ? new[] { IPAddress.Loopback }
                : throw new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.HostNotFound))),
        }, hostOptions: (options.HostOptions ?? new VaultHostOptions()) with { Store = options.Store ?? VaultStoreLocation.Default });
        VaultCa = X509CertificateLoader.LoadCertificateFromFile(Paths.CaCertificate);
    }

    private bool _stopped;

    /// <summary>Stops the proxy (if running) and starts a new one on the same home (durable state survives).</summary>
    public async Task RestartProxyAsync()
    {
        await Host.DisposeAsync();
        VaultCa.Dispose();
        _stopped = true;
        await StartProxyAsync(_options);
        _stopped = false;
    }

    /// <summary>The test stopped the proxy itself (and may have broken its files); dispose only the rest.</summary>
    public void MarkStopped() => _stopped = true;

    public int FetchCount => Backend?.Fetches ?? 0;

    public string Url(string pathAndQuery, string host = TestUpstream.HostName) => $"https://{host}:{Upstream.Port}{pathAndQuery}";

    /// <summary>Adds a second agent with its own token (and no routes); returns (id, token).</summary>
    public async Task<(string Id, string Token)> AddAgentAsync(string id)
    {
        var token = "svt_" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24));
        await Store.AddAgentAsync(new VaultAgent(id, id, VaultStore.HashToken(token), TimeProvider.System.GetUtcNow(), null));
        return (id, token);
    }

    /// <summary>Stops the proxy (flushing the audit log) and returns the audit records in order.</summary>
    public async Task<IReadOnlyList<System.Text.Json.Nodes.JsonObject>> StopAndReadAuditAsync()
    {
        await Host.DisposeAsync();
        MarkStopped();
        var lines = await File.ReadAllLinesAsync(Sigilum.Vault.Cli.Audit.AuditFiles.LogPath(Paths));
        return [.. lines.Where(l => l.Length > 0).Select(l => System.Text.Json.Nodes.JsonNode.Parse(l)!.AsObject())];
    }

    /// <summary>An agent's client: the proxy with <paramref name="token"/> as Basic password, trusting only the vault CA.</summary>
    public HttpClient CreateClient(string? token = null, bool useToken = true, bool allowAutoRedirect = true, bool multipleHttp2Connections = false)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = allowAutoRedirect,
            EnableMultipleHttp2Connections = multipleHttp2Connections,
            UseProxy = true,
            Proxy = new WebProxy(new Uri($"http://127.0.0.1:{Host.Port}"))
            {
                Credentials = useToken ? new NetworkCredential("agent", token ?? Token) : null,
            },
            SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = (_, certificate, _, errors) => TrustsVaultCa(certificate, errors) },
        };
        var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
        _clients.Add(client);
        return client;
    }

    public bool TrustsVaultCa(X509Certificate? certificate, SslPolicyErrors errors)
    {
        if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != 0)
        {
            return false;
        }
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(VaultCa);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(new X509Certificate2(certificate));
    }

    /// <summary>An attestation for exactly <paramref name="method"/> <paramref name="url"/>, as our control plane or Sigil Sign issues it.</summary>
    public string Attest(string method, string url, Func<AttestationDraft, AttestationDraft>? change = null, TimeProvider? time = null, Ed25519KeyPair? key = null, string kid = Kid)
    {
        var intent = HttpIntent.Create(method, url);
        var draft = new AttestationDraft { Issuer = Issuer, Audience = VaultStore.DefaultAudience, IntentHash = intent.Value!.Commitment.IntentHash, Subject = AgentId };
        return AttestationIssuer.Issue(change?.Invoke(draft) ?? draft, key ?? Signer, kid, time ?? TimeProvider.System);
    }

    public HttpRequestMessage Request(HttpMethod method, string pathAndQuery, string? attestation)
    {
        var request = new HttpRequestMessage(method, Url(pathAndQuery));
        if (attestation is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Sigil-Attestation", attestation);
        }
        return request;
    }

    /// <summary>A request carrying a fresh, correct attestation for itself.</summary>
    public HttpRequestMessage AttestedRequest(HttpMethod method, string pathAndQuery) =>
        Request(method, pathAndQuery, Attest(method.Method, Url(pathAndQuery)));

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }
        if (!_stopped)
        {
            await Host.DisposeAsync();
        }
        await Store.DisposeAsync();
        if (_ownsShared)
        {
            await Upstream.DisposeAsync();
            Signer.Dispose();
        }
        VaultCa.Dispose();
        Home.Dispose();
    }
}

internal sealed record HarnessOptions
{
    /// <summary>The admin port and usage hand-off (ADR 0061); null starts the proxy alone.</summary>
    public VaultHostOptions? HostOptions { get; init; }

    public string RouteHost { get; init; } = TestUpstream.HostName;

    public string RoutePath { get; init; } = "/*";

    public bool AllowPrivateNetwork { get; init; } = true;

    public IReadOnlyList<string> Headers { get; init; } = [];

    public string? Query { get; init; }

    public bool PinOtherKey { get; init; }

    public TimeSpan RequestBudget { get; init; } = TimeSpan.FromSeconds(5);

    public Func<CancellationToken, Task>? BeforeFetch { get; init; }

    public bool TrustUpstreamCa { get; init; } = true;

    public TimeSpan StreamIdleTimeout { get; init; } = TimeSpan.FromSeconds(60);

    public int MaxTunnelsPerAgent { get; init; } = 64;

    public int MaxStreamsPerTunnel { get; init; } = 100;

    public long MaxRequestBodyBytes { get; init; } = 10 * 1024 * 1024;

    public Action<Sigilum.Protocol.Audit.AuditCheckpoint>? CheckpointWritten { get; init; }

    public TimeSpan HeadersTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The route's scheme (https unless a test says http).</summary>
    public string RouteScheme { get; init; } = RouteConfig.Https;

    /// <summary>The route's port; null = the test upstream's.</summary>
    public int? RoutePort { get; init; }

    /// <summary>Starts the vault with <c>--insecure-allow-plain-http-upstreams</c>.</summary>
    public bool InsecureAllowPlainHttpUpstreams { get; init; }

    /// <summary>Name resolution; null maps every *.upstream.test name to loopback.</summary>
    public Func<string, CancellationToken, Task<IPAddress[]>>? Resolve { get; init; }
    /// <summary>Adjusts the audit log's options before it opens (fault injection, reliability STO-01).</summary>
    public Func<Sigilum.Core.Audit.AuditLogOptions, Sigilum.Core.Audit.AuditLogOptions>? AuditLogHook { get; init; }

    /// <summary>The anchor's issuer.</summary>
    public string Issuer { get; init; } = VaultHarness.Issuer;

    /// <summary>Where the configuration and jti replay live; null = SQLite under the harness's home.</summary>
    public VaultStoreLocation? Store { get; init; }

    /// <summary>Starts a second instance on <see cref="Store"/> beside this one, sharing its configuration, signer and upstream.</summary>
    public VaultHarness? Peer { get; init; }
}
