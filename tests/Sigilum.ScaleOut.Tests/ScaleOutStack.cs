using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Sigilum.EndToEnd;
using Sigilum.EndToEnd.Gateway;
using Sigilum.Protocol.Identity;
using Sigilum.Protocol.Signatures;
using Sigilum.Sdk.Signing;
using Sigilum.Testing;
using Sigilum.Testing.Postgres;

namespace Sigilum.ScaleOut;

/// <summary>
/// The two-node deployment of docs/deployment.md on one machine, started once per test class: a private PostgreSQL, the
/// control plane and gateway A from home A (<c>sigilum up --detach</c> with the gateway on PostgreSQL), gateway B from
/// home B (a copy of A's owner sign-in, master key, admin token and pinned control-plane key, with no gateway identity
/// of its own, so it registers as a second node), and nginx balancing across A and B. Every server is a separate OS
/// process started from the built <c>sigilum</c> executable; the upstream is in-process and counts what reaches it.
/// </summary>
public sealed class ScaleOutStack : IAsyncLifetime
{
    public const string Namespace = "e2e";
    private const string Secret = "sk-scaleout-SECRET-5d1c7a2e9b";

    private readonly TempDirectory _homeA = new("sigilum-scaleout-a-");
    private readonly TempDirectory _homeB = new("sigilum-scaleout-b-");

    internal PostgresCluster Postgres { get; private set; } = null!;

    internal RecordingUpstream Upstream { get; private set; } = null!;

    internal NginxBalancer Balancer { get; private set; } = null!;

    internal SigilumProcess CliA { get; private set; } = null!;

    internal SigilumProcess CliB { get; private set; } = null!;

    /// <summary>Gateway A and gateway B, as they listen (not through the balancer).</summary>
    internal Uri[] Gateways { get; } = new Uri[2];

    /// <summary>The control plane both gateways follow.</summary>
    internal string ApiUrl { get; private set; } = null!;

    internal string HomeA => _homeA.Path;

    internal string HomeB => _homeB.Path;

    /// <summary>What both gateway processes get in their environment: the shared store and the balancer as trusted proxy.</summary>
    internal Dictionary<string, string> Environment { get; } = new(StringComparer.Ordinal);

    public async Task InitializeAsync()
    {
        Postgres = await PostgresCluster.StartAsync();
        Upstream = await RecordingUpstream.StartAsync();
        Environment["SIGILUM_GATEWAY_STORE"] = "postgres";
        Environment["SIGILUM_GATEWAY_POSTGRES"] = Postgres.ConnectionString;
        // nginx connects from loopback and writes X-Forwarded-For; only it is believed (ADR 0067).
        Environment["GATEWAY_TRUSTED_PROXY_CIDRS"] = "127.0.0.1/32";
        CliA = new SigilumProcess(HomeA);
        CliB = new SigilumProcess(HomeB);

        var up = await CliA.RunWithEnvironmentAsync(Environment, "up", "--detach", "--api-port", "0", "--gateway-port", "0", "--vault-port", "0", "--vault-admin-port", "0", "--json");
        Assert.True(up.ExitCode == 0, up.ToString());
        var report = up.Json();
        ApiUrl = report.GetProperty("apiUrl").GetString()!;
        Gateways[0] = new Uri(report.GetProperty("gateway").GetProperty("url").GetString()!.TrimEnd('/') + "/");
        var added = await CliA.RunWithInputAsync(Secret, "service", "add", "--name", "echo", "--base-url", Upstream.Url.ToString().TrimEnd('/'),
            "--auth-secret-key", "api_key", "--secret", "api_key=-", "--json");
        Assert.True(added.ExitCode == 0, added.ToString());

        CopyNodeFiles(HomeA, HomeB);
        var started = await CliB.RunWithEnvironmentAsync(Environment, "gateway", "start", "--detach", "--port", "0", "--namespace", Namespace, "--api-url", ApiUrl, "--json");
        Assert.True(started.ExitCode == 0, started.ToString());
        Gateways[1] = new Uri(started.Json().GetProperty("url").GetString()!.TrimEnd('/') + "/");
        Balancer = await NginxBalancer.StartAsync(Gateways);
    }

    public async Task DisposeAsync()
    {
        await Balancer.DisposeAsync();
        await CliB.RunAsync("gateway", "stop");
        await CliA.RunAsync("down");
        await Upstream.DisposeAsync();
        await Postgres.DisposeAsync();
        _homeB.Dispose();
        _homeA.Dispose();
    }

    /// <summary>A new agent of the namespace (a key pair only: the gateway files its claim on first use).</summary>
    internal static SigningIdentity NewAgent() => SigningIdentity.FromRecord(IdentityRecord.Create(Namespace, TimeProvider.System));

    /// <summary>An HttpClient that signs every request afresh as <paramref name="agent"/>.</summary>
    internal static HttpClient AgentClient(SigningIdentity agent, Uri baseUri) =>
        new(new SigilumSigningHandler(agent, new SigilumSigningOptions(), new SocketsHttpHandler())) { BaseAddress = baseUri };

    /// <summary>Files <paramref name="agent"/>'s claim through the balancer and returns its id (still pending).</summary>
    internal async Task<string> PendingClaimAsync(SigningIdentity agent)
    {
        using (var client = AgentClient(agent, Balancer.BaseUri))
        using (var first = await client.GetAsync("proxy/echo/first"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, first.StatusCode);
        }
        var pending = await CliA.RunAsync("claims", "list", "--status", "pending", "--json");
        Assert.True(pending.ExitCode == 0, pending.ToString());
        return pending.Json().GetProperty("claims").EnumerateArray()
            .Single(c => c.GetProperty("public_key").GetString() == agent.AgentKeyHeader).GetProperty("claim_id").GetString()!;
    }

    /// <summary>Approves the claim and returns how long it took, from the approve command's answer, until both gateways served the agent.</summary>
    internal async Task<TimeSpan> ApproveOnBothAsync(SigningIdentity agent, string claimId)
    {
        var approved = await CliA.RunAsync("claims", "approve", claimId);
        Assert.True(approved.ExitCode == 0, approved.ToString());
        var clock = Stopwatch.StartNew();
        foreach (var gateway in Gateways)
        {
            using var client = AgentClient(agent, gateway);
            await UntilAsync(async () =>
            {
                using var response = await client.GetAsync("proxy/echo/probe");
                return response.StatusCode == HttpStatusCode.OK;
            }, "the approval did not reach both gateways");
        }
        return clock.Elapsed;
    }

    /// <summary>One freshly signed GET of <paramref name="path"/> to each gateway directly: status and <c>X-Sigilum-Code</c>, in gateway order.</summary>
    internal async Task<List<(HttpStatusCode Status, string? Code)>> AnswersOnEachGatewayAsync(SigningIdentity agent, string path)
    {
        var answers = new List<(HttpStatusCode, string?)>();
        foreach (var gateway in Gateways)
        {
            using var client = AgentClient(agent, gateway);
            using var response = await client.GetAsync(path);
            answers.Add((response.StatusCode, response.Headers.TryGetValues("X-Sigilum-Code", out var codes) ? codes.Single() : null));
        }
        return answers;
    }

    /// <summary>Polls <paramref name="condition"/> until it holds; fails after 20 s.</summary>
    internal static async Task UntilAsync(Func<Task<bool>> condition, string failure)
    {
        var deadline = TimeProvider.System.GetUtcNow() + TimeSpan.FromSeconds(20);
        while (!await condition())
        {
            Assert.True(TimeProvider.System.GetUtcNow() < deadline, failure);
            await Task.Delay(10);
        }
    }

    /// <summary>The pid of the gateway running from <paramref name="home"/> (its run-state file).</summary>
    internal static int GatewayPid(string home)
    {
        using var state = JsonDocument.Parse(File.ReadAllText(Path.Combine(home, "run", "gateway.json")));
        return state.RootElement.GetProperty("pid").GetInt32();
    }

    /// <summary>
    /// What a second node is given (docs/deployment.md "What each node needs"): the owner sign-in to register itself, the
    /// gateway master key (the shared store's secrets are sealed with it), the admin token and the pinned control-plane
    /// key. Not its identity, store, audit log or run state: those are each node's own.
    /// </summary>
    private static void CopyNodeFiles(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(from, file);
            var top = relative.Split(Path.DirectorySeparatorChar);
            if (top[0] is "run" or "logs" or "vault" || (top[0] == "gateway" && top.Length > 1 && top[1] is "identities" or "audit" or "replay.epoch" || relative.StartsWith(Path.Combine("gateway", "gateway.db"), StringComparison.Ordinal)))
            {
                continue;
            }
            var target = Path.Combine(to, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
            if (!OperatingSystem.IsWindows())
            {
                // Owner-only files (tokens, keys) stay owner-only: the CLI refuses a readable owner token.
                File.SetUnixFileMode(target, File.GetUnixFileMode(file));
            }
        }
    }
}
