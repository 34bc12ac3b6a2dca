namespace Sigilum.Cli.OpenClaw;

public sealed class ProviderMapTests
{
    private readonly ProviderMap _map = ProviderMap.Defaults();

    [Theory]
    [InlineData("OPENAI_API_KEY", "openai")]
    [InlineData("ANTHROPIC_API_KEY", "claude")]
    [InlineData("GEMINI_API_KEY", "gemini")]
    [InlineData("GOOGLE_API_KEY", "gemini")]
    [InlineData("GITHUB_TOKEN", "github")]
    [InlineData("GH_TOKEN", "github")]
    [InlineData("BRAVE_API_KEY", "brave-search")]
    [InlineData("SLACK_BOT_TOKEN", "slack")]
    [InlineData("ACME_CRM_API_KEY", "acme-crm")]
    public void ProviderForVariable_MapsNamesToCatalogueKeys(string variable, string provider)
    {
        Assert.True(_map.IsCredentialName(variable));
        Assert.Equal(provider, _map.ProviderForVariable(variable));
    }

    [Theory]
    [InlineData("HTTP_PORT")]
    [InlineData("LOG_LEVEL")]
    [InlineData("OPENAI_BASE_URL")]
    public void IsCredentialName_OrdinarySettings_AreNotCredentials(string variable) =>
        Assert.False(_map.IsCredentialName(variable));

    [Theory]
    [InlineData("openai-image-gen", "openai")]
    [InlineData("brave-search", "brave-search")]
    [InlineData("github", "github")]
    [InlineData("weather", "weather")]
    public void ProviderForSkill_FindsTheProviderInTheSkillName(string skill, string provider) =>
        Assert.Equal(provider, _map.ProviderForSkill(skill));

    [Fact]
    public void Template_ConnectionIdIsSigilumSecure()
    {
        var template = _map.Template("openai")!;

        Assert.Equal("sigilum-secure-openai", template.ConnectionId);
        Assert.Equal("https://api.openai.com", template.Text("base_url"));
        Assert.Null(_map.Template("acme-crm"));
    }
}
