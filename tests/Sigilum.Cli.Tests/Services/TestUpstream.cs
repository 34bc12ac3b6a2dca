using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Sigilum.Cli.Services;

/// <summary>An upstream API on a free loopback port: answers 200 on <c>/ok</c>, 401 elsewhere, and remembers the Authorization it saw.</summary>
internal sealed class TestUpstream : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TestUpstream(WebApplication app) => _app = app;

    public string Url => _app.Urls.First();

    public string? LastAuthorization { get; private set; }

    public static async Task<TestUpstream> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var upstream = new TestUpstream(app);
        app.Run(context =>
        {
            upstream.LastAuthorization = context.Request.Headers.Authorization.ToString();
            context.Response.StatusCode = context.Request.Path == "/ok" ? StatusCodes.Status200OK : StatusCodes.Status401Unauthorized;
            return Task.CompletedTask;
        });
        await app.StartAsync();
        return upstream;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
