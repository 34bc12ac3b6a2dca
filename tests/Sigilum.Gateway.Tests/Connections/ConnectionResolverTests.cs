using System.Text;
using Sigilum.Gateway.Diagnostics;
using Sigilum.Protocol.Errors;

namespace Sigilum.Gateway.Connections;

public sealed class ConnectionResolverTests : IAsyncLifetime
{
    private const string Secret = "sk-live-resolver-0123456789";
    private ConnectionsHarness _host = null!;

    public async Task InitializeAsync() => _host = await ConnectionsHarness.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private static string Text(byte[] value) => Encoding.UTF8.GetString(value);

    private async Task<ConnectionResolution> CreateAndResolveAsync(object body, string id = "svc")
    {
        await _host.CreateAsync(body);
        return await _host.Resolver.ResolveAsync(id, CancellationToken.None);
    }

    [Fact]
    public async Task ResolveAsync_BearerDefaults_AuthorizationBearerSecret()
    {
        using var resolution = await CreateAndResolveAsync(new { id = "svc", base_url = "https://api.example.com/", path_prefix = "v1/", auth_secret_key = "api_key", secrets = new { api_key = Secret } });

        Assert.True(resolution.Succeeded);
        Assert.Equal("Authorization", resolution.Header!.Name);
        Assert.Equal("Bearer " + Secret, Text(resolution.Header.Value));
        Assert.Null(resolution.QueryParameter);
        Assert.Equal(new Uri("https://api.example.com/v1"), resolution.UpstreamBase);
        Assert.Equal(Secret, Text(Assert.Single(resolution.Secrets)));
        Assert.Equal(RotationStatus.Ok, resolution.Rotation.Status);
    }

    [Fact]
    public async Task ResolveAsync_BearerWithBotPrefix_PrefixUsedInsteadOfBearer()
    {
        using var resolution = await CreateAndResolveAsync(new { id = "svc", base_url = "https://discord.example/api", auth_prefix = "Bot ", auth_secret_key = "t", secrets = new { t = Secret } });

        Assert.Equal("Bot " + Secret, Text(resolution.Header!.Value));
    }

    [Fact]
    public async Task ResolveAsync_BearerWithEmptyPrefix_FallsBackToBearer()
    {
        using var resolution = await CreateAndResolveAsync(new { id = "svc", base_url = "https://a.example", auth_prefix = "", auth_secret_key = "t", secrets = new { t = Secret } });

        Assert.Equal("Bearer " + Secret, Text(resolution.Header!.Value));
    }

    [Fact]
    public async Task ResolveAsync_HeaderKey_HeaderWithPrefixOnly()
    {
        using var resolution = await CreateAndResolveAsync(new { id = "svc", base_url = "https://api.anthropic.example", auth_mode = "header_key", auth_header_name = "x-api-key", auth_secret_key = "k", secrets = new { k = Secret } });

        Assert.Equal(("x-api-key", Secret), (resolution.Header!.Name, Text(resolution.Header.Value)));
    }

    [Fact]
    public async Task ResolveAsync_HeaderKeyDefaults_AuthorizationWithoutPrefix()
    {
        using var resolution = await CreateAndResolveAsync(new { id = "svc", base_url = "https://api.linear.example", auth_mode = "header_key", auth_secret_key = "k", secrets = new { k = Secret } });

        Assert.Equal(("Authorization", Secret), (resolution.Header!.Name, Text(resolution.Header.Value)));
    }

    [Fact]
    public async Task ResolveAsync_QueryParamDefaults_ApiKeyParameterAndNoHeader()
    {
        using var resolution = await CreateAndResolveAsync(new { id = "svc", base_url = "https://q.example", auth_mode = "query_param", auth_secret_key = "k", secrets = new { k = Secret } });

        Assert.Null(resolution.Header);
        Assert.Equal(("api_key", Secret), (resolution.QueryParameter!.Name, Text(resolution.QueryParameter.Value)));
    }

    [Fact]
    public async Task ResolveAsync_QueryParamNamedWithPrefix_PrefixPrepended()
    {
        using var resolution = await CreateAndResolveAsync(new { id = "svc", base_url = "https://q.example", auth_mode = "query_param", auth_header_name = "token", auth_prefix = "tk_", auth_secret_key = "k", secrets = new { k = Secret } });

        Assert.Equal(("token", "tk_" + Secret), (resolution.QueryParameter!.Name, Text(resolution.QueryParameter.Value)));
    }

    [Theory]
    [InlineData("Bearer ", "Bearer abc123def", "Bearer abc123def")]
    [InlineData("Bearer ", "  bearer\tabc123def  ", "Bearer abc123def")]
    [InlineData("Bot ", "Bot abc123def", "Bot abc123def")]
    [InlineData("Bot ", "bot Bearer abc123def", "Bot abc123def")]
    [InlineData("Bearer ", "Bearerabc123def", "Bearer Bearerabc123def")]
    [InlineData("Token ", "Token", "Token Token")]
    public async Task ResolveAsync_SecretCarriesPrefix_LeadingCopyStripped(string prefix, string stored, string injected)
    {
        using var resolution = await CreateAndResolveAsync(new { id = "svc", base_url = "https://a.example", auth_prefix = prefix, auth_secret_key = "k", secrets = new { k = stored } });

        Assert.Equal(injected, Text(resolution.Header!.Value));
    }

    [Fact]
    public async Task ResolveAsync_WholeValueVariable_ReplacedByVariableValue()
    {
        await _host.SendAsync(HttpMethod.Post, "/api/admin/credential-variables", new { key = "OPENAI_KEY", value = Secret });

        using var resolution = await CreateAndResolveAsync(new { id = "svc", base_url = "https://a.example", auth_secret_key = "k", secrets = new { k = "  {{OPENAI_KEY}} " } });

        Assert.True(resolution.Succeeded);
        Assert.Equal("Bearer " + Secret, Text(resolution.Header!.Value));
        Assert.Equal(Secret, Text(Assert.Single(resolution.Secrets)));
    }

    [Fact]
    public async Task ResolveAsync_MissingVariable_400NamingTheVariable()
    {
        using var resolution = await CreateAndResolveAsync(new { id = "svc", base_url = "https://a.example", auth_secret_key = "k", secrets = new { k = "{{NOT_SET}}" } });

        Assert.False(resolution.Succeeded);
        Assert.Equal((400, ErrorCatalogue.ConnectionUnusable), (resolution.Error.Status, resolution.Error.Code));
        Assert.Contains("NOT_SET", resolution.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResolveAsync_MissingVariableInOtherSecret_ConnectionUnusable()
    {
        using var resolution = await CreateAndResolveAsync(new { id = "svc", base_url = "https://a.example", auth_secret_key = "k", secrets = new { k = Secret, org = "{{ORG_ID}}" } });

        Assert.Equal(400, resolution.Error!.Status);
    }

    [Theory]
    [InlineData("prefix-{{OPENAI_KEY}}")]
    [InlineData("{{OPENAI_KEY}}-suffix")]
    [InlineData("{{ OPENAI_KEY }}")]
    [InlineData("{OPENAI_KEY}")]
    public async Task ResolveAsync_ReferenceNotTheWholeValue_LeftLiteral(string stored)
    {
        await _host.SendAsync(HttpMethod.Post, "/api/admin/credential-variables", new { key = "OPENAI_KEY", value = Secret });

        using var resolution = await CreateAndResolveAsync(new { id = "svc", base_url = "https://a.example", auth_mode = "header_key", auth_header_name = "X-Key", auth_secret_key = "k", secrets = new { k = stored } });

        Assert.True(resolution.Succeeded);
        Assert.Equal(stored, Text(resolution.Header!.Value));
    }

    [Fact]
    public async Task ResolveAsync_Unknown_404()
    {
        using var resolution = await _host.Resolver.ResolveAsync("nope", CancellationToken.None);

        Assert.Equal((404, ErrorCatalogue.ConnectionNotFound), (resolution.Error!.Status, resolution.Error.Code));
    }

    [Fact]
    public async Task ResolveAsync_Disabled_400()
    {
        using var resolution = await CreateAndResolveAsync(new { id = "svc", base_url = "https://a.example", status = "disabled", auth_secret_key = "k", secrets = new { k = Secret } });

        Assert.Equal((400, ErrorCatalogue.ConnectionUnusable), (resolution.Error!.Status, resolution.Error.Code));
        Assert.Contains("disabled", resolution.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResolveAsync_SecretWithNewline_RefusedAsHeaderInjection()
    {
        using var resolution = await CreateAndResolveAsync(new { id = "svc", base_url = "https://a.example", auth_secret_key = "k", secrets = new { k = "abc\r\nX-Evil: 1" } });

        Assert.Equal(400, resolution.Error!.Status);
        Assert.DoesNotContain("Evil", resolution.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ResolveAsync_OtherSecrets_ScrubListHasLongOnes()
    {
        using var resolution = await CreateAndResolveAsync(new { id = "svc", base_url = "https://a.example", auth_secret_key = "k", secrets = new { k = Secret, org = "org-1234567890", region = "eu" } });

        Assert.Equal([Secret, "org-1234567890"], resolution.Secrets.Select(Text));
    }

    [Fact]
    public async Task Dispose_Resolution_ZeroesEveryBuffer()
    {
        var resolution = await CreateAndResolveAsync(new { id = "svc", base_url = "https://a.example", auth_secret_key = "k", secrets = new { k = Secret } });
        var buffers = new[] { resolution.Header!.Value }.Concat(resolution.Secrets).ToList();

        resolution.Dispose();

        Assert.All(buffers, b => Assert.All(b, x => Assert.Equal(0, x)));
    }

    [Fact]
    public async Task ResolveAsync_ErrorEnvelope_IsGatewayError()
    {
        using var resolution = await _host.Resolver.ResolveAsync("nope", CancellationToken.None);

        Assert.IsType<GatewayError>(resolution.Error);
        Assert.Equal("docs/errors.md#connection-not-found", GatewayErrorResponse.DocsUrl(resolution.Error));
    }
}
