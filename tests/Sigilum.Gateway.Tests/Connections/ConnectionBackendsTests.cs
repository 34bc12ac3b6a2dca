using Microsoft.Extensions.Configuration;
using Sigilum.Backends;
using Sigilum.Gateway.Hosting;

namespace Sigilum.Gateway.Connections;

/// <summary><c>Gateway:Backends</c>: bound from configuration, validated through BackendFactory at start.</summary>
public sealed class ConnectionBackendsTests
{
    private static BackendContext Context => new() { GetEnvironmentVariable = _ => "value" };

    [Fact]
    public async Task Create_ValidDefinitions_ListsNamesAndKinds()
    {
        await using var backends = ConnectionBackends.Create(
        [
            new GatewayBackendOptions { Name = "vault1", Kind = "hashicorp-vault", Options = new() { ["vault_addr"] = "https://vault.example.com:8200", ["token_env"] = "VAULT_TOKEN" } },
            new GatewayBackendOptions { Name = "dev", Kind = "env" },
        ], Context);

        Assert.Equal([("vault1", "hashicorp-vault"), ("dev", "env")], backends.Configured.ToList());
        Assert.True(backends.TryGet("vault1", out _));
        Assert.False(backends.TryGet("other", out _));
    }

    [Fact]
    public void Create_MissingRequiredOption_ThrowsNamingBackendAndOption()
    {
        var error = Assert.Throws<InvalidOperationException>(() => ConnectionBackends.Create(
            [new GatewayBackendOptions { Name = "vault1", Kind = "hashicorp-vault", Options = new() { ["token_env"] = "VAULT_TOKEN" } }], Context));

        Assert.Contains("'vault1'", error.Message, StringComparison.Ordinal);
        Assert.Contains("vault_addr", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_UnknownKind_Throws()
    {
        var error = Assert.Throws<InvalidOperationException>(() => ConnectionBackends.Create([new GatewayBackendOptions { Name = "x", Kind = "keepass" }], Context));

        Assert.Contains("Unknown backend kind", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_AwsStsKind_ThrowsBecauseItCannotBeInjectedAsAValue()
    {
        var error = Assert.Throws<InvalidOperationException>(() => ConnectionBackends.Create(
            [new GatewayBackendOptions { Name = "aws", Kind = "aws-sts", Options = new() { ["region"] = "us-east-1", ["role_arn"] = "arn:aws:iam::123456789012:role/x" } }], Context));

        Assert.Contains("SigV4", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_DuplicateName_Throws()
    {
        var error = Assert.Throws<InvalidOperationException>(() => ConnectionBackends.Create(
            [new GatewayBackendOptions { Name = "dev", Kind = "env" }, new GatewayBackendOptions { Name = "dev", Kind = "env" }], Context));

        Assert.Contains("used twice", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_InvalidName_Throws()
    {
        var error = Assert.Throws<InvalidOperationException>(() => ConnectionBackends.Create([new GatewayBackendOptions { Name = "a:b", Kind = "env" }], Context));

        Assert.Contains("not a valid backend name", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bind_GatewayBackendsSection_ReadsNameKindAndOptions()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Gateway:DataDirectory"] = "/tmp/x",
            ["Gateway:Backends:0:Name"] = "vault1",
            ["Gateway:Backends:0:Kind"] = "hashicorp-vault",
            ["Gateway:Backends:0:Options:vault_addr"] = "https://vault.example.com:8200",
            ["Gateway:Backends:0:Options:token_env"] = "VAULT_TOKEN",
        }).Build();
        var options = new GatewayOptions();

        configuration.GetSection(GatewayOptions.SectionName).Bind(options);

        var backend = Assert.Single(options.Backends);
        Assert.Equal(("vault1", "hashicorp-vault"), (backend.Name, backend.Kind));
        Assert.Equal("VAULT_TOKEN", backend.Options["token_env"]);
    }
}
