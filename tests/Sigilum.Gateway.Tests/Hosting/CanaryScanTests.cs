using System.Net;
using System.Text;
using Microsoft.AspNetCore.Http;
using Sigilum.Gateway.Operations;
using Sigilum.Testing;

namespace Sigilum.Gateway.Hosting;

/// <summary>
/// Reliability MEM-04 for the gateway: a canary secret goes through a whole stack (control plane, gateway,
/// upstream that echoes it back, errors included); afterwards no log line, audit record, database or other
/// file in the data directory, metric, response or new temp file holds it in any common spelling.
/// </summary>
public sealed class CanaryScanTests
{
    [Fact]
    public async Task MEM_04_CanaryThroughTheGateway_NoTraceInLogsAuditDatabaseMetricsResponsesOrTempFiles()
    {
        var started = TimeProvider.System.GetUtcNow().UtcDateTime.AddSeconds(-1);
        var canary = CanaryScan.NewCanary();
        var logs = new CapturingLoggerProvider();
        var upstreamSaw = new List<string>();
        await using var stack = await GatewayStack.StartAsync(
            async context =>
            {
                var authorization = context.Request.Headers.Authorization.ToString();
                lock (upstreamSaw)
                {
                    upstreamSaw.Add(authorization);
                }
                if (context.Request.Path.StartsWithSegments("/fail"))
                {
                    context.Response.StatusCode = StatusCodes.Status500InternalServerError;
                }
                // An upstream that reflects the credential in every spelling, in headers and body.
                var token = authorization["Bearer ".Length..];
                context.Response.Headers["X-Echo"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(token));
                await context.Response.WriteAsync($"raw={token} b64={Convert.ToBase64String(Encoding.UTF8.GetBytes(token))} pct={Uri.EscapeDataString(token)} hex={Convert.ToHexStringLower(Encoding.UTF8.GetBytes(token))}");
            },
            secret: canary,
            gatewayLogs: logs);
        var agent = stack.NewAgent();
        using var client = stack.AgentClient(agent);
        using (await client.GetAsync("proxy/echo/first"))
        {
        }
        await stack.ApprovePendingAsync(agent);

        var responses = new StringBuilder();
        foreach (var path in new[] { "proxy/echo/v1/models?limit=2", "proxy/echo/fail", "proxy/echo/v1/post" })
        {
            using var response = await SendUntilApprovedAsync(client, path);
            responses.Append(response.StatusCode).Append(' ').AppendJoin('\n', response.Headers.SelectMany(h => h.Value)).Append('\n');
            responses.Append(await response.Content.ReadAsStringAsync()).Append('\n');
        }
        using var plain = stack.AdminClient();
        var metrics = await plain.GetStringAsync(new Uri(stack.GatewayUri, "metrics"));
        var connections = await plain.GetStringAsync(new Uri(stack.GatewayUri, "api/admin/connections"));
        await stack.StopGatewayAsync();

        Assert.Contains("Bearer " + canary, upstreamSaw);
        var hits = new List<string>();
        hits.AddRange(CanaryScan.Hits(canary, "agent responses", responses.ToString()));
        hits.AddRange(CanaryScan.Hits(canary, "metrics", metrics));
        hits.AddRange(CanaryScan.Hits(canary, "admin connection list", connections));
        hits.AddRange(CanaryScan.Hits(canary, "gateway logs", string.Join('\n', logs.Entries.Select(e => e.Category + " " + e.Message))));
        hits.AddRange(CanaryScan.HitsInFiles(canary, stack.DataDirectory, started));
        hits.AddRange(CanaryScan.HitsInFiles(canary, Path.GetTempPath(), started));

        Assert.Empty(hits);
        Assert.NotEmpty(logs.Entries);
        Assert.NotEmpty(Directory.GetFiles(stack.DataDirectory, "*", SearchOption.AllDirectories));
    }

    private static async Task<HttpResponseMessage> SendUntilApprovedAsync(HttpClient client, string path)
    {
        for (var attempt = 0; ; attempt++)
        {
            var response = await client.GetAsync(path);
            if (response.StatusCode != HttpStatusCode.Forbidden || attempt == 100)
            {
                return response;
            }
            response.Dispose();
            await Task.Delay(10);
        }
    }
}
