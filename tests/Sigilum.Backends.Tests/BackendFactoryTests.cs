namespace Sigilum.Backends;

public sealed class BackendFactoryTests
{
    [Fact]
    public void Kinds_EveryKindOfTheIssue_Listed()
    {
        Assert.Equal(["env", "hashicorp-vault", "aws-secrets-manager", "aws-sts", "azure-key-vault", "gcp-secret-manager"], BackendFactory.Kinds);
    }

    [Fact]
    public void Create_EveryKindWithoutOptions_ErrorsNotException()
    {
        foreach (var kind in BackendFactory.Kinds.Where(k => k != "env"))
        {
            Assert.NotEmpty(BackendTestKit.Errors(kind));
        }
    }

    [Fact]
    public void Notice_Env_SaysDevelopmentOnly()
    {
        Assert.Contains("development and tests only", BackendFactory.Notice("env"), StringComparison.Ordinal);
        Assert.Null(BackendFactory.Notice("hashicorp-vault"));
    }

    [Fact]
    public async Task Create_NetworkKind_NameAndKindKept()
    {
        var kit = new BackendTestKit();
        await using var backend = kit.Create("hashicorp-vault", ("vault_addr", "https://vault.example.com:8200"), ("token_env", "T"));

        Assert.Equal("test-hashicorp-vault", backend.Name);
        Assert.Equal("hashicorp-vault", backend.Kind);
    }
}
