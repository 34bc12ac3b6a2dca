using System.Text;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Sigilum.AspNetCore.Authentication;
using Sigilum.Gateway.Connections;
using Sigilum.Gateway.Operations;
using Sigilum.Protocol.Signatures;

namespace Sigilum.Benchmarks;

/// <summary>
/// The gateway's in-process pieces of one proxied request that issue #13 changed, each beside what it replaced, so
/// CPU and allocation per request are visible (docs/perf/gateway.md): the decision lines, the received-header copy
/// the verifier reads, and the opened connection secret (decrypt per request vs a cached clone).
/// </summary>
[MemoryDiagnoser]
public class GatewayRequestPathBenchmarks
{
    private readonly JsonDecisionLog _decisions = new(NullLoggerFactory.Instance, TimeProvider.System, enabled: true);
    private DefaultHttpContext _context = null!;
    private ConnectionSealer _sealer = null!;
    private byte[] _sealed = null!;
    private ConnectionSecretCache _cache = null!;
    private DateTimeOffset _created;

    [GlobalSetup]
    public void Setup()
    {
        using var identity = BenchmarkFixture.CreateIdentity();
        var signed = RequestSigner.Sign(identity, new SignRequest { Method = "GET", Url = BenchmarkFixture.Url }, TimeProvider.System);
        _context = new DefaultHttpContext();
        foreach (var (name, value) in signed.Headers)
        {
            _context.Request.Headers.Append(name, value);
        }
        _context.Request.Headers.UserAgent = "Sigilum.Load/1.0";
        _context.Request.Headers.Accept = "*/*";

        _sealer = new ConnectionSealer(new byte[32]);
        using var secrets = new SecretMap();
        secrets.Set("api_key", Encoding.UTF8.GetBytes("sk-bench-secret-0123456789abcdef"));
        _sealed = _sealer.SealSecrets("echo", 1, secrets);
        _created = DateTimeOffset.UnixEpoch;
        _cache = new ConnectionSecretCache();
        _cache.Add("echo", 1, _created, secrets, _cache.Generation);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _decisions.Dispose();
        _sealer.Dispose();
        _cache.Dispose();
    }

    /// <summary>Before: the three decision lines of a successful request as dictionaries, formatted on the request thread.</summary>
    [Benchmark(Baseline = true)]
    public int DecisionLines_Dictionaries()
    {
        var length = _decisions.Format("proxy_request_start", new Dictionary<string, object?>
        {
            ["request_id"] = "req_0123456789abcdef01234567", ["connection_id"] = "echo", ["method"] = "GET", ["path"] = "/v1/hello", ["remote_ip"] = "127.0.0.1",
        }).Length;
        return length + _decisions.Format("proxy_request_end", new Dictionary<string, object?>
        {
            ["request_id"] = "req_0123456789abcdef01234567", ["connection_id"] = "echo",
            ["did"] = LoggingDid.For("bench", "echo", "ed25519:ABCDEFGHIJKLmnopqrstuvwxyz+/012345678901", "bench"),
            ["status"] = 200, ["outcome"] = "success", ["duration"] = TimeSpan.FromMilliseconds(1.5), ["remote_ip"] = "127.0.0.1",
        }).Length;
    }

    /// <summary>After: the same two lines as typed records (what the background writer formats; the request thread only fills them in).</summary>
    [Benchmark]
    public int DecisionLines_Typed()
    {
        var length = JsonDecisionLog.Format(new ProxyDecision
        {
            Kind = ProxyDecisionKind.RequestStart, RequestId = "req_0123456789abcdef01234567", ConnectionId = "echo", Method = "GET", Path = "/v1/hello", RemoteIp = "127.0.0.1",
        }).Length;
        return length + JsonDecisionLog.Format(new ProxyDecision
        {
            Kind = ProxyDecisionKind.RequestEnd, RequestId = "req_0123456789abcdef01234567", ConnectionId = "echo",
            Namespace = "bench", AgentKey = "ed25519:ABCDEFGHIJKLmnopqrstuvwxyz+/012345678901", Subject = "bench",
            Status = 200, Outcome = "success", Duration = TimeSpan.FromMilliseconds(1.5), RemoteIp = "127.0.0.1",
        }).Length;
    }

    /// <summary>Before: the received headers copied with LINQ.</summary>
    [Benchmark]
    public int ReceivedHeaders_Linq() =>
        _context.Request.Headers.SelectMany(h => h.Value.Select(v => new KeyValuePair<string, string>(h.Key, v ?? string.Empty))).ToList().Count;

    /// <summary>After: one exactly sized array.</summary>
    [Benchmark]
    public int ReceivedHeaders_Array() => SignedRequestAuthenticator.ReceivedHeaders(_context).Count;

    /// <summary>Before (every request): open the sealed secret map (AES-256-GCM) and parse its JSON.</summary>
    [Benchmark]
    public int ConnectionSecrets_Open()
    {
        using var secrets = _sealer.OpenSecrets("echo", 1, _sealed)!;
        return secrets.Count;
    }

    /// <summary>After (cache hit): the request's own clone of the cached map.</summary>
    [Benchmark]
    public int ConnectionSecrets_CachedClone()
    {
        using var secrets = _cache.TryClone("echo", 1, _created)!;
        return secrets.Count;
    }
}
