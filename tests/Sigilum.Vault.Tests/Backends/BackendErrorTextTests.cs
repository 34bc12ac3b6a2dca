using System.Net;
using System.Text;
using Sigilum.Testing;
using Sigilum.Testing.Fakes;
using Sigilum.Vault.Proxy;

namespace Sigilum.Vault.Backends;

/// <summary>
/// Per backend kind: when a fetch fails, what the agent receives (status line, headers, body) names no
/// secret reference, environment variable, file path or backend URL — the operator finds those with
/// <c>sigil-vault backends test</c>; an agent next door must not learn where secrets live.
/// </summary>
public sealed class BackendErrorTextTests
{
    private const string AwsKeyId = "AKIAIOSFODNN7EXAMPLE";
    private const string AwsSecret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    private static async Task AssertRefusedNamingNoneOfAsync(VaultHarness harness, string code, params string[] hidden)
    {
        using var response = await harness.CreateClient().SendAsync(harness.AttestedRequest(HttpMethod.Get, "/v1/models"));
        var text = new StringBuilder().Append(response.ReasonPhrase).Append('\n');
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            text.Append(name).Append(": ").AppendJoin(", ", values).Append('\n');
        }
        text.Append(await response.Content.ReadAsStringAsync());

        Assert.Equal(code, BackendRoute.ErrorCode(response));
        Assert.Empty(harness.Upstream.Received);
        foreach (var secretPlace in hidden)
        {
            Assert.DoesNotContain(secretPlace, text.ToString(), StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task BackendErrorText_EnvVariableMissing_ResponseNamesNeitherVariableNorReference()
    {
        await using var harness = await VaultHarness.StartAsync();
        await BackendRoute.UseAsync(harness, "env2", "env", new Dictionary<string, string>(), "OPENAI_PROD_KEY_MISSING");

        await AssertRefusedNamingNoneOfAsync(harness, "BACKEND_SECRET_NOT_FOUND", "OPENAI_PROD_KEY_MISSING");
    }

    [Fact]
    public async Task BackendErrorText_HashiCorpVaultPathMissing_ResponseNamesNeitherPathNorAddressNorTokenVariable()
    {
        await using var harness = await VaultHarness.StartAsync();
        await using var vault = await FakeHashiCorpVault.StartAsync(TimeProvider.System);
        harness.Environment["VAULT_TOKEN_PROD"] = vault.IssueToken(TimeSpan.FromHours(1));
        await BackendRoute.UseAsync(harness, "vault1", "hashicorp-vault", new Dictionary<string, string>
        {
            ["vault_addr"] = vault.BaseUri.ToString(), ["token_env"] = "VAULT_TOKEN_PROD",
        }, "secret/data/team-x/openai#api_key");

        await AssertRefusedNamingNoneOfAsync(harness, "BACKEND_SECRET_NOT_FOUND",
            "team-x", "secret/data", "api_key", vault.BaseUri.Authority, "VAULT_TOKEN_PROD");
    }

    [Fact]
    public async Task BKD_06_HashiCorpVaultTokenVariableUnset_ResponseNamesNoVariable()
    {
        await using var harness = await VaultHarness.StartAsync();
        await using var vault = await FakeHashiCorpVault.StartAsync(TimeProvider.System);
        await BackendRoute.UseAsync(harness, "vault1", "hashicorp-vault", new Dictionary<string, string>
        {
            ["vault_addr"] = vault.BaseUri.ToString(), ["token_env"] = "VAULT_TOKEN_UNSET_X",
        }, "secret/data/openai#api_key");

        using var response = await harness.CreateClient().SendAsync(harness.AttestedRequest(HttpMethod.Get, "/v1/models"));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.DoesNotContain("VAULT_TOKEN_UNSET_X", body, StringComparison.Ordinal);
        Assert.DoesNotContain("secret/data/openai", body, StringComparison.Ordinal);
        Assert.DoesNotContain(vault.BaseUri.Authority, body, StringComparison.Ordinal);
        Assert.Empty(harness.Upstream.Received);
    }

    [Fact]
    public async Task BKD_09_CaFileUnreadable_ResponseNamesNoFilePath()
    {
        await using var harness = await VaultHarness.StartAsync();
        using var directory = new TempDirectory();
        var caFile = Path.Combine(directory.Path, "private-ca-bundle.pem");
        await BackendRoute.UseAsync(harness, "vault1", "hashicorp-vault", new Dictionary<string, string>
        {
            ["vault_addr"] = "https://vault.internal.example:8200", ["token_env"] = "VAULT_TOKEN", ["ca_file"] = caFile,
        }, "secret/data/openai#api_key");

        await AssertRefusedNamingNoneOfAsync(harness, "BACKEND_MISCONFIGURED",
            caFile, "private-ca-bundle", directory.Path, "vault.internal.example", "VAULT_TOKEN", "secret/data/openai");
    }

    [Fact]
    public async Task BackendErrorText_AwsSecretsManagerSecretMissing_ResponseNamesNeitherSecretIdNorEndpoint()
    {
        await using var harness = await VaultHarness.StartAsync();
        await using var aws = await FakeAws.StartAsync(TimeProvider.System);
        aws.AddUser("sigilum", AwsKeyId, AwsSecret);
        harness.Environment["AWS_SECRET_PROD"] = AwsSecret;
        await BackendRoute.UseAsync(harness, "aws1", "aws-secrets-manager", new Dictionary<string, string>
        {
            ["region"] = "us-east-1", ["endpoint"] = aws.BaseUri.ToString(), ["access_key_id"] = AwsKeyId, ["secret_access_key_env"] = "AWS_SECRET_PROD",
        }, "prod/team-x/openai");

        await AssertRefusedNamingNoneOfAsync(harness, "BACKEND_SECRET_NOT_FOUND",
            "team-x", "prod/", aws.BaseUri.Authority, "AWS_SECRET_PROD", AwsKeyId);
    }

    [Fact]
    public async Task BackendErrorText_AzureKeyVaultSecretMissing_ResponseNamesNeitherSecretNorVaultUrl()
    {
        await using var harness = await VaultHarness.StartAsync();
        await using var azure = await FakeAzureKeyVault.StartAsync(TimeProvider.System);
        azure.AddClient("client-1", "client-secret-1");
        harness.Environment["AZ_SECRET_PROD"] = "client-secret-1";
        await BackendRoute.UseAsync(harness, "azure1", "azure-key-vault", new Dictionary<string, string>
        {
            ["vault_url"] = azure.VaultUri.ToString(), ["authority"] = azure.Authority.ToString(),
            ["tenant_id"] = FakeAzureKeyVault.Tenant, ["client_id"] = "client-1", ["client_secret_env"] = "AZ_SECRET_PROD",
        }, "team-x-openai-key");

        await AssertRefusedNamingNoneOfAsync(harness, "BACKEND_SECRET_NOT_FOUND",
            "team-x-openai-key", azure.VaultUri.Authority, "AZ_SECRET_PROD", FakeAzureKeyVault.Tenant);
    }

    [Fact]
    public async Task BackendErrorText_GcpSecretMissing_ResponseNamesNeitherSecretNorProjectNorEndpoint()
    {
        await using var harness = await VaultHarness.StartAsync();
        await using var gcp = await FakeGcpSecretManager.StartAsync(TimeProvider.System);
        harness.Environment["GCP_KEY_PROD"] = gcp.ServiceAccountJson();
        await BackendRoute.UseAsync(harness, "gcp1", "gcp-secret-manager", new Dictionary<string, string>
        {
            ["project"] = FakeGcpSecretManager.Project, ["endpoint"] = gcp.BaseUri.ToString(), ["credentials_env"] = "GCP_KEY_PROD",
        }, "team-x-openai");

        await AssertRefusedNamingNoneOfAsync(harness, "BACKEND_SECRET_NOT_FOUND",
            "team-x-openai", FakeGcpSecretManager.Project, gcp.BaseUri.Authority, "GCP_KEY_PROD");
    }
}
