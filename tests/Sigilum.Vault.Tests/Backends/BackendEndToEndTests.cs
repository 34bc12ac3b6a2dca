using System.Net;
using System.Text;
using Sigilum.Testing.Fakes;
using Sigilum.Vault.Proxy;

namespace Sigilum.Vault.Backends;

/// <summary>
/// Issue #7 acceptance: per backend kind, agent → vault (attestation, route, just-in-time fetch from the
/// kind's faithful fake) → real HTTPS upstream. The upstream receives the credential; the agent never does.
/// </summary>
public sealed class BackendEndToEndTests
{
    private const string AwsKeyId = "AKIAIOSFODNN7EXAMPLE";
    private const string AwsSecret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    private static async Task AssertUpstreamGotBearerAgentDidNotAsync(VaultHarness harness, string secret)
    {
        using var response = await harness.CreateClient().SendAsync(harness.AttestedRequest(HttpMethod.Get, "/echo"));

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode} {BackendRoute.ErrorCode(response)} {body}");
        Assert.Equal("Bearer " + secret, Assert.Single(harness.Upstream.Received).Authorization);
        Assert.DoesNotContain(secret, body, StringComparison.Ordinal);
        Assert.DoesNotContain(response.Headers.SelectMany(h => h.Value), v => v.Contains(secret, StringComparison.Ordinal));
    }

    [Fact]
    public async Task HashiCorpVault_AppRoleKv2_UpstreamReceivesCredential()
    {
        await using var harness = await VaultHarness.StartAsync();
        await using var vault = await FakeHashiCorpVault.StartAsync(TimeProvider.System);
        vault.AddAppRole("role-1", "s3cret-id", TimeSpan.FromMinutes(10));
        vault.PutKv2("secret", "openai", new() { ["api_key"] = "sk-hcv-Upstream_1", ["org"] = "o" });
        harness.Environment["SECRET_ID"] = "s3cret-id";
        await BackendRoute.UseAsync(harness, "vault1", "hashicorp-vault", new Dictionary<string, string>
        {
            ["vault_addr"] = vault.BaseUri.ToString(), ["auth_method"] = "approle", ["role_id"] = "role-1", ["secret_id_env"] = "SECRET_ID",
        }, "secret/data/openai#api_key");

        await AssertUpstreamGotBearerAgentDidNotAsync(harness, "sk-hcv-Upstream_1");
        Assert.Equal(1, vault.Logins);
    }

    [Fact]
    public async Task HashiCorpVault_RevokeAfterUse_LeaseRevokedOnceInjected()
    {
        await using var harness = await VaultHarness.StartAsync();
        await using var vault = await FakeHashiCorpVault.StartAsync(TimeProvider.System);
        vault.AddAppRole("role-1", "s3cret-id", TimeSpan.FromMinutes(10));
        vault.AddDynamicRole("database", "readonly", () => new() { ["username"] = "v-user", ["password"] = "p-Dynamic_1" }, TimeSpan.FromMinutes(30));
        harness.Environment["SECRET_ID"] = "s3cret-id";
        await BackendRoute.UseAsync(harness, "vault1", "hashicorp-vault", new Dictionary<string, string>
        {
            ["vault_addr"] = vault.BaseUri.ToString(), ["auth_method"] = "approle", ["role_id"] = "role-1", ["secret_id_env"] = "SECRET_ID",
            ["revoke_after_use"] = "true",
        }, "database/creds/readonly#password");

        await AssertUpstreamGotBearerAgentDidNotAsync(harness, "p-Dynamic_1");
        // Stopping the proxy disposes its backends, which waits for revocations in flight: no sleeping.
        await harness.Host.DisposeAsync();
        harness.MarkStopped();

        Assert.Equal(vault.Leases, vault.RevokedLeases);
        Assert.Single(vault.RevokedLeases);
    }

    [Fact]
    public async Task AwsSecretsManager_JsonField_UpstreamReceivesCredential()
    {
        await using var harness = await VaultHarness.StartAsync();
        await using var aws = await FakeAws.StartAsync(TimeProvider.System);
        aws.AddUser("sigilum", AwsKeyId, AwsSecret);
        aws.PutSecretString("prod/openai", """{"api_key":"sk-asm-Upstream_2"}""");
        harness.Environment["AWS_SECRET"] = AwsSecret;
        await BackendRoute.UseAsync(harness, "aws1", "aws-secrets-manager", new Dictionary<string, string>
        {
            ["region"] = "us-east-1", ["endpoint"] = aws.BaseUri.ToString(), ["access_key_id"] = AwsKeyId, ["secret_access_key_env"] = "AWS_SECRET",
        }, "prod/openai#api_key");

        await AssertUpstreamGotBearerAgentDidNotAsync(harness, "sk-asm-Upstream_2");
        Assert.Equal([$"arn:aws:iam::{FakeAws.AccountId}:user/sigilum"], aws.SecretReaders);
    }

    [Fact]
    public async Task AzureKeyVault_ClientSecret_UpstreamReceivesCredential()
    {
        await using var harness = await VaultHarness.StartAsync();
        await using var azure = await FakeAzureKeyVault.StartAsync(TimeProvider.System);
        azure.AddClient("client-1", "client-secret-1");
        azure.SetSecret("openai-key", "sk-az-Upstream_3");
        harness.Environment["AZ_SECRET"] = "client-secret-1";
        await BackendRoute.UseAsync(harness, "azure1", "azure-key-vault", new Dictionary<string, string>
        {
            ["vault_url"] = azure.VaultUri.ToString(), ["authority"] = azure.Authority.ToString(),
            ["tenant_id"] = FakeAzureKeyVault.Tenant, ["client_id"] = "client-1", ["client_secret_env"] = "AZ_SECRET",
        }, "openai-key");

        await AssertUpstreamGotBearerAgentDidNotAsync(harness, "sk-az-Upstream_3");
        Assert.Equal(1, azure.TokensIssued);
    }

    [Fact]
    public async Task GcpSecretManager_ServiceAccount_UpstreamReceivesCredential()
    {
        await using var harness = await VaultHarness.StartAsync();
        await using var gcp = await FakeGcpSecretManager.StartAsync(TimeProvider.System);
        gcp.AddVersion("openai", Encoding.UTF8.GetBytes("sk-gcp-Upstream_4"));
        harness.Environment["GCP_KEY"] = gcp.ServiceAccountJson();
        await BackendRoute.UseAsync(harness, "gcp1", "gcp-secret-manager", new Dictionary<string, string>
        {
            ["project"] = FakeGcpSecretManager.Project, ["endpoint"] = gcp.BaseUri.ToString(), ["credentials_env"] = "GCP_KEY",
        }, "openai");

        await AssertUpstreamGotBearerAgentDidNotAsync(harness, "sk-gcp-Upstream_4");
        Assert.Equal(1, gcp.TokensIssued);
    }

    [Fact]
    public async Task Env_HeaderTemplate_UpstreamReceivesCredential()
    {
        await using var harness = await VaultHarness.StartAsync();
        harness.Environment["OTHER_KEY"] = "sk-env-Upstream_5";
        await BackendRoute.UseAsync(harness, "env2", "env", new Dictionary<string, string>(), "OTHER_KEY", "Authorization=Bearer {{credential}}");

        await AssertUpstreamGotBearerAgentDidNotAsync(harness, "sk-env-Upstream_5");
    }

    [Fact]
    public async Task BKD_01_BackendHangs_504AndNothingForwarded()
    {
        await using var harness = await VaultHarness.StartAsync(new HarnessOptions { RequestBudget = TimeSpan.FromSeconds(1) });
        await using var vault = await FakeHashiCorpVault.StartAsync(TimeProvider.System);
        harness.Environment["VAULT_TOKEN"] = vault.IssueToken(TimeSpan.FromHours(1));
        vault.PutKv2("secret", "openai", new() { ["api_key"] = "sk-never" });
        await BackendRoute.UseAsync(harness, "vault1", "hashicorp-vault", new Dictionary<string, string>
        {
            ["vault_addr"] = vault.BaseUri.ToString(), ["token_env"] = "VAULT_TOKEN",
        }, "secret/data/openai#api_key");
        vault.Host.Hang = true;

        using var response = await harness.CreateClient().SendAsync(harness.AttestedRequest(HttpMethod.Get, "/v1/models"));

        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        Assert.Equal("BACKEND_TIMEOUT", BackendRoute.ErrorCode(response));
        Assert.Empty(harness.Upstream.Received);
    }

    [Fact]
    public async Task BKD_03_BackendThrottles_502BackendThrottledAndNothingForwarded()
    {
        await using var harness = await VaultHarness.StartAsync();
        await using var aws = await FakeAws.StartAsync(TimeProvider.System);
        aws.AddUser("sigilum", AwsKeyId, AwsSecret);
        aws.PutSecretString("prod/openai", "sk-never");
        aws.ThrottleNext(10);
        harness.Environment["AWS_SECRET"] = AwsSecret;
        await BackendRoute.UseAsync(harness, "aws1", "aws-secrets-manager", new Dictionary<string, string>
        {
            ["region"] = "us-east-1", ["endpoint"] = aws.BaseUri.ToString(), ["access_key_id"] = AwsKeyId, ["secret_access_key_env"] = "AWS_SECRET",
        }, "prod/openai");

        using var response = await harness.CreateClient().SendAsync(harness.AttestedRequest(HttpMethod.Get, "/v1/models"));

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("BACKEND_THROTTLED", BackendRoute.ErrorCode(response));
        Assert.Empty(harness.Upstream.Received);
    }

    [Fact]
    public async Task BKD_07_SecretWithSurroundingWhitespace_BadSecretAndNothingForwarded()
    {
        // Visible ASCII (the proxy's own rule passes it); only CredentialChecks.ForHeader refuses it.
        await using var harness = await VaultHarness.StartAsync();
        harness.Environment["PADDED"] = " sk-padded ";
        await BackendRoute.UseAsync(harness, "env2", "env", new Dictionary<string, string>(), "PADDED");

        using var response = await harness.CreateClient().SendAsync(harness.AttestedRequest(HttpMethod.Get, "/v1/models"));

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("BACKEND_BAD_SECRET", BackendRoute.ErrorCode(response));
        Assert.Empty(harness.Upstream.Received);
    }
}
