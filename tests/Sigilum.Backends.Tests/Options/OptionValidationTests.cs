namespace Sigilum.Backends.Options;

public sealed class OptionValidationTests
{
    [Fact]
    public void Create_UnknownKind_ListsKnownKinds()
    {
        var errors = BackendTestKit.Errors("vault9000");

        Assert.Contains("hashicorp-vault", Assert.Single(errors), StringComparison.Ordinal);
    }

    [Fact]
    public void Create_VaultWithoutAddress_NamesTheOption()
    {
        var errors = BackendTestKit.Errors("hashicorp-vault", ("token_env", "T"));

        Assert.Contains(errors, e => e.Contains("'vault_addr' is required", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("not a url")]
    [InlineData("ftp://vault:8200")]
    [InlineData("http://vault.example.com:8200")]
    [InlineData("https://user:pw@vault.example.com")]
    public void Create_VaultBadAddress_NamesTheOptionNotTheValue(string address)
    {
        var errors = BackendTestKit.Errors("hashicorp-vault", ("vault_addr", address), ("token_env", "T"));

        var error = Assert.Single(errors);
        Assert.Contains("'vault_addr'", error, StringComparison.Ordinal);
        Assert.DoesNotContain(address, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_UnknownOption_NamedWithKnownList()
    {
        var errors = BackendTestKit.Errors("hashicorp-vault", ("vault_addr", "https://v"), ("token_env", "T"), ("tokn", "x"));

        Assert.Contains("'tokn' is not known", Assert.Single(errors), StringComparison.Ordinal);
    }

    [Fact]
    public void Create_AppRoleMissingEverything_OneErrorPerOption()
    {
        var errors = BackendTestKit.Errors("hashicorp-vault", ("vault_addr", "https://v"), ("auth_method", "approle"));

        Assert.Equal(2, errors.Count);
        Assert.Contains(errors, e => e.Contains("'role_id'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("'secret_id_env'", StringComparison.Ordinal));
    }

    [Fact]
    public void Create_BothEnvAndFile_Refused()
    {
        var errors = BackendTestKit.Errors("hashicorp-vault", ("vault_addr", "https://v"), ("token_env", "T"), ("token_file", "/t"));

        Assert.Contains("only one of 'token_env' and 'token_file'", Assert.Single(errors), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("auth_method", "ldap")]
    [InlineData("timeout", "0s")]
    [InlineData("timeout", "2d")]
    [InlineData("cache_ttl", "-5")]
    [InlineData("revoke_after_use", "maybe")]
    [InlineData("namespace", "../x")]
    public void Create_BadValue_NamesTheOption(string option, string value)
    {
        var errors = BackendTestKit.Errors("hashicorp-vault", ("vault_addr", "https://v"), ("token_env", "T"), (option, value));

        Assert.Contains(errors, e => e.Contains($"'{option}'", StringComparison.Ordinal));
    }

    [Fact]
    public void Create_EnvUnknownOption_Refused()
    {
        Assert.Single(BackendTestKit.Errors("env", ("prefx", "X_")));
    }

    [Theory]
    [InlineData("300", 300)]
    [InlineData("90s", 90)]
    [InlineData("5m", 300)]
    [InlineData("1h", 3600)]
    public void TryParseDuration_Forms_Seconds(string text, int seconds)
    {
        Assert.True(OptionReader.TryParseDuration(text, out var duration));
        Assert.Equal(TimeSpan.FromSeconds(seconds), duration);
    }
}
