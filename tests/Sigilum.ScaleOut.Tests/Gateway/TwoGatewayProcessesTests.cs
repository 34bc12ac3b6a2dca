using System.Net;
using Sigilum.Protocol.Signatures;

namespace Sigilum.ScaleOut.Gateway;

/// <summary>
/// Issue #18's acceptance for the gateway: two gateway processes on one PostgreSQL behind nginx. One signed request is
/// forwarded once however many copies reach however many gateways; approve and revoke apply on both within 1 s; a
/// gateway killed with SIGKILL under load leaves the other serving and both audit chains verifying; PostgreSQL stopped,
/// both refuse with a stable code; PostgreSQL back, both serve, without a restart.
/// </summary>
public sealed class TwoGatewayProcessesTests(ScaleOutStack stack) : IClassFixture<ScaleOutStack>
{
    [Fact]
    public async Task RPL_09_FiftyParallelCopiesOfOneSignedRequestThroughTheBalancer_ForwardedExactlyOnce()
    {
        using var agent = ScaleOutStack.NewAgent();
        await stack.ApproveOnBothAsync(agent, await stack.PendingClaimAsync(agent));
        var target = new Uri(stack.Balancer.BaseUri, "proxy/echo/once");
        var headers = RequestSigner.Sign(agent, new SignRequest { Method = "GET", Url = target.ToString() }, TimeProvider.System).Headers;
        var before = stack.Upstream.Authorization.Count;
        using var plain = new HttpClient();

        // Half through nginx (round-robin over both), half straight to each gateway with the balancer's Host: every
        // copy reaches one of the two processes with exactly the signed bytes.
        var answers = await Task.WhenAll(Enumerable.Range(0, 50).Select(async i =>
        {
            var to = i % 2 == 0 ? stack.Balancer.BaseUri : stack.Gateways[i / 2 % 2];
            using var copy = new HttpRequestMessage(HttpMethod.Get, new Uri(to, "proxy/echo/once"));
            copy.Headers.Host = target.Authority;
            foreach (var (name, value) in headers)
            {
                copy.Headers.TryAddWithoutValidation(name, value);
            }
            using var response = await plain.SendAsync(copy);
            return response.StatusCode;
        }));

        Assert.Equal(1, answers.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(49, answers.Count(s => s == HttpStatusCode.Forbidden));
        Assert.Equal(before + 1, stack.Upstream.Authorization.Count);
    }

    [Fact]
    public async Task ApproveAndRevoke_TakeEffectOnBothGatewayProcesses_WithinOneSecond()
    {
        using var agent = ScaleOutStack.NewAgent();
        var claimId = await stack.PendingClaimAsync(agent);

        var approval = await stack.ApproveOnBothAsync(agent, claimId);
        Assert.True(approval < TimeSpan.FromSeconds(1), $"the approval served on both gateways after {approval.TotalMilliseconds} ms");

        var revoked = await stack.CliA.RunAsync("claims", "revoke", claimId, "--json");
        Assert.True(revoked.ExitCode == 0, revoked.ToString());
        // ADR 0027: the revoke is answered once every node following the namespace confirmed it applied it.
        var propagation = revoked.Json().GetProperty("claim").GetProperty("propagation");
        Assert.Equal(2, propagation.GetProperty("acknowledged").GetInt32());
        Assert.All(await stack.AnswersOnEachGatewayAsync(agent, "proxy/echo/after-revoke"), a => Assert.Equal(HttpStatusCode.Forbidden, a.Status));
    }

    [Fact]
    public async Task KillOneGatewayUnderLoad_TheOtherKeepsServing_BothAuditChainsVerify()
    {
        using var agent = ScaleOutStack.NewAgent();
        await stack.ApproveOnBothAsync(agent, await stack.PendingClaimAsync(agent));
        using var client = ScaleOutStack.AgentClient(agent, stack.Balancer.BaseUri);
        using var load = new CancellationTokenSource();
        var served = 0;
        var workers = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (!load.IsCancellationRequested)
            {
                try
                {
                    using var response = await client.GetAsync("proxy/echo/load");
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        Interlocked.Increment(ref served);
                    }
                }
                catch (HttpRequestException)
                {
                    // An in-flight request on the killed process may be lost (issue #18 item 3); the rest must not be.
                }
            }
        })).ToArray();
        await ScaleOutStack.UntilAsync(() => Task.FromResult(Volatile.Read(ref served) >= 20), "no load was served before the kill");

        using (var victim = System.Diagnostics.Process.GetProcessById(ScaleOutStack.GatewayPid(stack.HomeB)))
        {
            victim.Kill();
            await victim.WaitForExitAsync();
        }
        var afterKill = Volatile.Read(ref served);
        await ScaleOutStack.UntilAsync(() => Task.FromResult(Volatile.Read(ref served) >= afterKill + 40), "the surviving gateway stopped serving after the other was killed");
        await load.CancelAsync();
        await Task.WhenAll(workers);

        // Only the surviving gateway answers now: every request through the balancer is served.
        for (var i = 0; i < 6; i++)
        {
            using var response = await client.GetAsync("proxy/echo/after-kill");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        var restarted = await stack.CliB.RunWithEnvironmentAsync(stack.Environment, "gateway", "start", "--detach", "--port", stack.Gateways[1].Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--namespace", ScaleOutStack.Namespace, "--api-url", stack.ApiUrl, "--json");
        Assert.True(restarted.ExitCode == 0, restarted.ToString());
        foreach (var cli in new[] { stack.CliA, stack.CliB })
        {
            var verified = await cli.RunAsync("audit", "verify", "--json");
            Assert.True(verified.ExitCode == 0, verified.ToString());
            Assert.True(verified.Json().GetProperty("valid").GetBoolean(), verified.ToString());
        }
    }

    [Fact]
    public void PostgresConnectionString_NeitherLoggedNorOnAnyCommandLine()
    {
        foreach (var home in new[] { stack.HomeA, stack.HomeB })
        {
            var log = File.ReadAllText(Path.Combine(home, "logs", "gateway.log"));
            Assert.Contains("store postgres (connection string set, not shown), replay state shared", log, StringComparison.Ordinal);
            Assert.DoesNotContain(stack.Postgres.ConnectionString, log, StringComparison.Ordinal);
            // argv is readable by every user of the machine: the detached start passes the string in the environment.
            var commandLine = File.ReadAllText($"/proc/{ScaleOutStack.GatewayPid(home)}/cmdline");
            Assert.DoesNotContain(stack.Postgres.ConnectionString, commandLine, StringComparison.Ordinal);
            Assert.Contains("postgres", commandLine, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task STO_13_PostgresStopped_BothGatewaysRefuseWithStableCode_RestartedBothServe()
    {
        using var agent = ScaleOutStack.NewAgent();
        await stack.ApproveOnBothAsync(agent, await stack.PendingClaimAsync(agent));
        await stack.Postgres.StopServerAsync();
        try
        {
            Assert.All(await stack.AnswersOnEachGatewayAsync(agent, "proxy/echo/pg-down"),
                a => Assert.Equal((HttpStatusCode.ServiceUnavailable, "AUTH_REPLAY_STORE_UNAVAILABLE"), a));
            using var balanced = ScaleOutStack.AgentClient(agent, stack.Balancer.BaseUri);
            using var throughNginx = await balanced.GetAsync("proxy/echo/pg-down");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, throughNginx.StatusCode);
        }
        finally
        {
            await stack.Postgres.StartServerAsync();
        }

        // No restart, no retry: the first request to each gateway after PostgreSQL is back is served.
        Assert.All(await stack.AnswersOnEachGatewayAsync(agent, "proxy/echo/pg-back"), a => Assert.Equal(HttpStatusCode.OK, a.Status));
    }
}
