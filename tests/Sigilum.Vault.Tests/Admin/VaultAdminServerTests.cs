using System.Globalization;
using System.Net;
using System.Text.Json;
using Sigilum.Vault.Hosting;
using Sigilum.Vault.Proxy;

namespace Sigilum.Vault.Admin;

/// <summary>The vault's admin port (ADR 0061): real Kestrel on a free loopback port, scraped like Prometheus would.</summary>
public sealed class VaultAdminServerTests
{
    [Fact]
    public async Task Metrics_AfterReleasedRequest_CountersMoveAndNoSecretAppears()
    {
        await using var harness = await VaultHarness.StartAsync(new HarnessOptions { HostOptions = new VaultHostOptions { AdminPort = 0 } });
        using var admin = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{harness.Host.AdminEndPoint!.Port}") };
        var before = PrometheusSamples.Parse(await admin.GetStringAsync(new Uri("/metrics", UriKind.Relative)));

        using (var response = await harness.CreateClient().SendAsync(harness.AttestedRequest(HttpMethod.Get, "/v1/models")))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        // The outcome record is appended as the exchange ends; flushing the log waits for it.
        await harness.Host.Audit.FlushAsync();
        // The outcome is appended when the exchange ends, which can be just after the client has its response.
        var text = await Sigilum.Vault.Store.Postgres.Eventually.UntilAsync(async () =>
        {
            var page = await admin.GetStringAsync(new Uri("/metrics", UriKind.Relative));
            return page.Contains("sigilum_vault_release_outcomes_total{status=\"2xx\"}", StringComparison.Ordinal) ? page : null;
        }, "the 2xx outcome in /metrics");
        using var scraped = await admin.GetAsync(new Uri("/metrics", UriKind.Relative));
        var after = PrometheusSamples.Parse(text);

        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", scraped.Content.Headers.ContentType!.ToString());
        Assert.Equal(0, before.GetValueOrDefault("sigilum_vault_releases_total"));
        Assert.Equal(1, after["sigilum_vault_releases_total"]);
        Assert.Equal(1, after["sigilum_vault_release_outcomes_total{status=\"2xx\"}"]);
        Assert.True(after["sigilum_vault_audit_records_total"] >= 2, text);
        Assert.DoesNotContain(VaultHarness.Secret, text, StringComparison.Ordinal);
        Assert.DoesNotContain(harness.Token, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_AfterRefusedRequest_DeniedCountsByStatus()
    {
        await using var harness = await VaultHarness.StartAsync(new HarnessOptions { HostOptions = new VaultHostOptions { AdminPort = 0 } });
        using var admin = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{harness.Host.AdminEndPoint!.Port}") };
        var request = new HttpRequestMessage(HttpMethod.Get, harness.Url("/v1/models"));

        using (var response = await harness.CreateClient().SendAsync(request))
        {
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }
        await harness.Host.Audit.FlushAsync();
        var after = PrometheusSamples.Parse(await admin.GetStringAsync(new Uri("/metrics", UriKind.Relative)));

        Assert.Equal(1, after["sigilum_vault_denied_total{status=\"403\"}"]);
        Assert.Equal(0, after["sigilum_vault_releases_total"]);
    }

    [Fact]
    public async Task Health_OnAdminPort_AnswersOkApartFromTheProxyPort()
    {
        await using var harness = await VaultHarness.StartAsync(new HarnessOptions { HostOptions = new VaultHostOptions { AdminPort = 0 } });
        using var admin = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{harness.Host.AdminEndPoint!.Port}") };

        using var health = await admin.GetAsync(new Uri("/health", UriKind.Relative));
        using var document = JsonDocument.Parse(await health.Content.ReadAsStringAsync());
        using var unknown = await admin.GetAsync(new Uri("/api/admin/anything", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("ok", document.RootElement.GetProperty("status").GetString());
        Assert.Equal("sigil-vault", document.RootElement.GetProperty("service").GetString());
        Assert.NotEqual(harness.Host.Port, harness.Host.AdminEndPoint.Port);
        Assert.True(IPAddress.IsLoopback(harness.Host.AdminEndPoint.Address));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task Start_WithoutAdminPort_ServesNone()
    {
        await using var harness = await VaultHarness.StartAsync();

        Assert.Null(harness.Host.AdminEndPoint);
    }

    /// <summary>A strict reader of the text format: every sample line is <c>name{labels} value</c>, every family has HELP and TYPE first.</summary>
    private static class PrometheusSamples
    {
        public static Dictionary<string, double> Parse(string text)
        {
            var samples = new Dictionary<string, double>(StringComparer.Ordinal);
            var typed = new HashSet<string>(StringComparer.Ordinal);
            foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
                {
                    typed.Add(line.Split(' ')[2]);
                    continue;
                }
                if (line.StartsWith('#'))
                {
                    continue;
                }
                var space = line.LastIndexOf(' ');
                var series = line[..space];
                var family = series.Split('{')[0];
                Assert.Contains(family, typed);
                samples[series] = double.Parse(line[(space + 1)..], CultureInfo.InvariantCulture);
            }
            return samples;
        }
    }
}
