using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Sigilum.LoadKit;
using Sigilum.LoadKit.Cpu;
using Sigilum.Protocol.Attestations;
using Sigilum.Protocol.Intents;
using Sigilum.Protocol.Keys;

namespace Sigilum.VaultLoad;

/// <summary>
/// Closed loop: <c>--concurrency</c> workers each send a GET, read the whole response and send the next, for
/// <c>--duration</c> seconds after <c>--warmup</c>. One pooled <see cref="SocketsHttpHandler"/> (keep-alive
/// tunnels through the proxy, at most one connection per worker), TLS trusted against <c>--ca</c> only. With
/// <c>--attest-dir</c> every request carries a fresh attestation signed for exactly its method and URL
/// (minting is part of the measured time, as an agent would pay it). With <c>--cpu-pid NAME=PID</c> (repeatable)
/// the CPU of those processes over exactly the measured window is reported per successful request (and the
/// tool's own and the machine's, always). Prints one JSON line.
/// </summary>
internal static class LoadRunner
{
    public static async Task<int> RunAsync(Arguments args)
    {
        var url = args.Required("url");
        var concurrency = args.Int("concurrency", 16);
        var duration = TimeSpan.FromSeconds(args.Int("duration", 10));
        var warmup = TimeSpan.FromSeconds(args.Int("warmup", 2));
        var label = args.Get("label") ?? "run";
        // --http-version 2: every request must be HTTP/2 (ALPN h2 through the proxy's tunnel; all workers share one tunnel).
        var version = args.Get("http-version") == "2" ? HttpVersion.Version20 : HttpVersion.Version11;
        using var ca = X509CertificateLoader.LoadCertificateFromFile(args.Required("ca"));
        var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
        policy.CustomTrustStore.Add(ca);
        using var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = concurrency,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            SslOptions = new SslClientAuthenticationOptions { CertificateChainPolicy = policy },
            UseProxy = args.Get("proxy") is not null,
        };
        if (args.Get("proxy") is { } proxy)
        {
            handler.Proxy = new WebProxy(proxy) { Credentials = args.Get("token") is { } token ? new NetworkCredential("agent", token) : null };
        }
        using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
        using var key = args.Get("attest-dir") is { } dir ? IssuerKey.Load(dir) : null;
        var intentHash = HttpIntent.Create("GET", url).Value!.Commitment.IntentHash;
        var draft = new AttestationDraft
        {
            Issuer = args.Get("issuer") ?? "bench",
            Audience = args.Get("audience") ?? "sigil-vault",
            IntentHash = intentHash,
            // ADR 0022: the vault spends an attestation only for the agent its proxy token authenticated
            // (agentId, else sub), so the draft names the vault agent id the script created.
            Subject = args.Get("agent-id") ?? "vault-load",
        };
        var kid = args.Get("kid") ?? IssuerKey.Kid;
        var targets = new List<CpuTarget>();
        foreach (var text in args.All("cpu-pid"))
        {
            targets.Add(CpuTarget.TryParse(text) ?? throw new ArgumentException("--cpu-pid wants NAME=PID, got " + text));
        }
        var sampler = CpuSampler.ForThisProcess(targets);

        var origin = Stopwatch.GetTimestamp();
        var clock = Stopwatch.StartNew();
        var window = CpuWindow.MeasureAsync(sampler, origin + StopwatchTicks(warmup), origin + StopwatchTicks(warmup + duration),
            TimeProvider.System, CancellationToken.None);
        var measureFrom = warmup;
        var stopAt = warmup + duration;
        var workers = new Task<WorkerStats>[concurrency];
        for (var i = 0; i < concurrency; i++)
        {
            workers[i] = Task.Run(() => WorkAsync(client, url, version, key, draft, kid, clock, measureFrom, stopAt));
        }
        var stats = await Task.WhenAll(workers);
        var (cpuStart, cpuEnd) = await window;
        var latencies = stats.SelectMany(s => s.LatenciesTicks).Order().ToArray();
        var ok = latencies.Length;
        var errors = stats.Sum(s => s.Errors);
        var rps = ok / duration.TotalSeconds;
        double Percentile(double p) => ok == 0 ? 0 : latencies[Math.Min(ok - 1, (int)(p * ok))] * 1000.0 / Stopwatch.Frequency;
        var firstError = stats.Select(s => s.FirstError).FirstOrDefault(e => e is not null);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{{\"label\":\"{label}\",\"concurrency\":{concurrency},\"seconds\":{duration.TotalSeconds},\"ok\":{ok},\"errors\":{errors},\"rps\":{rps:F1},\"p50_ms\":{Percentile(0.50):F2},\"p90_ms\":{Percentile(0.90):F2},\"p99_ms\":{Percentile(0.99):F2},\"credential_seen\":\"{stats.Select(s => s.CredentialSeen).FirstOrDefault(c => c is not null) ?? "?"}\",\"first_error\":\"{Escape(firstError)}\",\"cpu\":{JsonSerializer.Serialize(sampler.Report(cpuStart, cpuEnd, ok), LoadKitJson.Options)}}}"));
        return ok > 0 ? 0 : 1;
    }

    private static async Task<WorkerStats> WorkAsync(HttpClient client, string url, Version version, Ed25519KeyPair? key, AttestationDraft draft, string kid,
        Stopwatch clock, TimeSpan measureFrom, TimeSpan stopAt)
    {
        var stats = new WorkerStats();
        while (clock.Elapsed < stopAt)
        {
            var start = clock.ElapsedTicks;
            var measured = clock.Elapsed >= measureFrom;
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, url) { Version = version, VersionPolicy = HttpVersionPolicy.RequestVersionExact };
                if (key is not null)
                {
                    request.Headers.TryAddWithoutValidation("X-Sigil-Attestation", AttestationIssuer.Issue(draft, key, kid, TimeProvider.System));
                }
                using var response = await client.SendAsync(request);
                var body = await response.Content.ReadAsStringAsync();
                if (!response.IsSuccessStatusCode)
                {
                    throw new HttpRequestException(string.Create(CultureInfo.InvariantCulture, $"{(int)response.StatusCode} {string.Join(',', response.Headers.TryGetValues("X-Sigil-Vault-Error", out var codes) ? codes : [])}"));
                }
                stats.CredentialSeen ??= body.Contains("\"credential\":\"yes\"", StringComparison.Ordinal) ? "yes" : "no";
                if (measured && clock.Elapsed < stopAt)
                {
                    stats.LatenciesTicks.Add(clock.ElapsedTicks - start);
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
            {
                if (measured)
                {
                    stats.Errors++;
                    stats.FirstError ??= ex.Message;
                }
            }
        }
        return stats;
    }

    private static long StopwatchTicks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);

    private static string Escape(string? text) => (text ?? "").Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "'", StringComparison.Ordinal);

    private sealed class WorkerStats
    {
        public List<long> LatenciesTicks { get; } = [];

        public int Errors { get; set; }

        public string? FirstError { get; set; }

        public string? CredentialSeen { get; set; }
    }
}
