using Sigilum.Testing.Mcp;

namespace Sigilum.Gateway.Mcp.Upstream;

/// <summary>One real MCP reference server (streamable HTTP) per test class; each test puts its own front before it.</summary>
public sealed class ReferenceServerFixture : IAsyncLifetime
{
    private McpReferenceServer? _server;

    public McpReferenceServer Server => _server ?? throw new InvalidOperationException("The fixture has not started.");

    public async Task InitializeAsync() => _server = await McpReferenceServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
