using System.Net.Http.Json;
using Sigilum.Core.Audit;
using Sigilum.Gateway.Connections;
using Sigilum.Gateway.Hosting;
using Sigilum.Testing;
using Sigilum.Testing.Fakes;

namespace Sigilum.Gateway.Audit;

/// <summary>
/// A whole gateway (real control plane) whose connection takes its credential from a backend (a HashiCorp Vault
/// fake) and forwards to an upstream that counts connections, so a test can see that nothing was fetched and nothing
/// forwarded, not even a connect. The audit log goes through the caller's hook (a faulty or held file).
/// </summary>
internal sealed class BackedConnectionStack : IAsyncDisposable
{
    private const string SecretPath = "GET /v1/secret/data/openai";
    private readonly TempDirectory _files;

    private BackedConnectionStack(TempDirectory files, FakeHashiCorpVault vault, CountingUpstream upstream, GatewayStack stack)
    {
        _files = files;
        Vault = vault;
        Upstream = upstream;
        Stack = stack;
    }

    public FakeHashiCorpVault Vault { get; }

    public CountingUpstream Upstream { get; }

    public GatewayStack Stack { get; }

    /// <summary>How many times the backend was asked for the credential.</summary>
    public int Fetches => Vault.Host.Requests.Count(r => r.StartsWith(SecretPath, StringComparison.Ordinal));

    public static async Task<BackedConnectionStack> StartAsync(string secret, Func<AuditLogOptions, AuditLogOptions> auditLogHook)
    {
        var files = new TempDirectory("sigilum-gw-backed-");
        var vault = await FakeHashiCorpVault.StartAsync(TimeProvider.System);
        vault.PutKv2("secret", "openai", new() { ["api_key"] = secret });
        var tokenFile = Path.Combine(files.Path, "vault-token");
        await File.WriteAllTextAsync(tokenFile, vault.IssueToken(TimeSpan.FromHours(1)));
        var upstream = new CountingUpstream();
        var stack = await GatewayStack.StartAsync(_ => Task.CompletedTask, options =>
        {
            options.Backends =
            [
                new GatewayBackendOptions { Name = "vault1", Kind = "hashicorp-vault", Options = new() { ["vault_addr"] = vault.BaseUri.ToString(), ["token_file"] = tokenFile } },
            ];
            options.AuditLogHook = auditLogHook;
        });
        using var admin = stack.AdminClient();
        (await admin.PatchAsJsonAsync($"api/admin/connections/{GatewayStack.Service}", new { base_url = upstream.BaseUri.ToString().TrimEnd('/') })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync($"api/admin/connections/{GatewayStack.Service}/rotate",
            new { secrets = new { api_key = "{{backend:vault1:secret/data/openai#api_key}}" } })).EnsureSuccessStatusCode();
        return new BackedConnectionStack(files, vault, upstream, stack);
    }

    public async ValueTask DisposeAsync()
    {
        await Stack.DisposeAsync();
        await Upstream.DisposeAsync();
        await Vault.DisposeAsync();
        _files.Dispose();
    }
}
