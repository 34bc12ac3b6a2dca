namespace Sigilum.Backends.Env;

public sealed class EnvBackendTests
{
    private readonly BackendTestKit _kit = new();

    [Fact]
    public async Task FetchAsync_SetVariable_ReturnsValue()
    {
        _kit.Environment["OPENAI_KEY"] = "sk-dev";
        await using var backend = _kit.Create("env");

        Assert.Equal("sk-dev", BackendTestKit.Text(await backend.FetchAsync("OPENAI_KEY", CancellationToken.None)));
    }

    [Fact]
    public async Task FetchAsync_Prefix_Prepended()
    {
        _kit.Environment["SIGILUM_SECRET_OPENAI"] = "sk-dev";
        await using var backend = _kit.Create("env", ("prefix", "SIGILUM_SECRET_"));

        Assert.Equal("sk-dev", BackendTestKit.Text(await backend.FetchAsync("OPENAI", CancellationToken.None)));
    }

    [Theory]
    [InlineData("UNSET")]
    [InlineData("")]
    public async Task FetchAsync_UnsetOrEmptyName_NotFound(string reference)
    {
        await using var backend = _kit.Create("env");

        BackendTestKit.Failure(await backend.FetchAsync(reference, CancellationToken.None), BackendErrorKind.NotFound);
    }

    [Fact]
    public async Task TestAsync_Always_Null()
    {
        await using var backend = _kit.Create("env");

        Assert.Null(await backend.TestAsync(CancellationToken.None));
    }
}
