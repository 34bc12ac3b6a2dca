using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Sigilum.ControlPlane.Api;

/// <summary>Mechanical checks over every mapped endpoint.</summary>
public sealed class EndpointConventionTests : IAsyncLifetime
{
    private ControlPlaneFixture _cp = null!;

    public async Task InitializeAsync() => _cp = await ControlPlaneFixture.StartAsync();

    public async Task DisposeAsync() => await _cp.DisposeAsync();

    [Fact]
    public void NoEndpoint_BindsItsBodyAsAParameter()
    {
        // Body binding adds accepts-metadata, and routing then answers 415 for another content type
        // before authentication runs; endpoints read bodies with JsonBody after authentication instead.
        var endpoints = _cp.Host.Services.GetRequiredService<EndpointDataSource>().Endpoints;
        var binding = endpoints.Where(e => e.Metadata.GetMetadata<IAcceptsMetadata>() is not null).Select(e => e.DisplayName).ToList();

        Assert.NotEmpty(endpoints);
        Assert.Empty(binding);
    }
}
