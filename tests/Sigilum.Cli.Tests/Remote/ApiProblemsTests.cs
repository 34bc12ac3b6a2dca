using System.Text.Json.Nodes;

namespace Sigilum.Cli.Remote;

public sealed class ApiProblemsTests
{
    [Theory]
    [InlineData(400, ExitCodes.Usage)]
    [InlineData(401, ExitCodes.Auth)]
    [InlineData(403, ExitCodes.Auth)]
    [InlineData(404, ExitCodes.NotFound)]
    [InlineData(409, ExitCodes.CheckFailed)]
    [InlineData(413, ExitCodes.Usage)]
    [InlineData(429, ExitCodes.Network)]
    [InlineData(500, ExitCodes.Network)]
    [InlineData(503, ExitCodes.Network)]
    [InlineData(418, ExitCodes.CheckFailed)]
    public void ExitCodeFor_Status_MapsAsDocumented(int status, int exitCode)
    {
        Assert.Equal(exitCode, ApiProblems.ExitCodeFor(status));
    }

    [Fact]
    public void ToException_Problem_IsDetailAndCodeOnOneLine()
    {
        var problem = JsonNode.Parse("{\"title\":\"Not found.\",\"status\":404,\"detail\":\"Claim not found.\",\"code\":\"NOT_FOUND\",\"request_id\":\"r1\"}");

        var error = ApiProblems.ToException(new ApiResponse(404, problem), ownerCall: true);

        Assert.Equal("Claim not found (NOT_FOUND)", error.Message);
        Assert.Equal(ExitCodes.NotFound, error.ExitCode);
    }

    [Fact]
    public void ToException_OwnerCallUnauthorized_AddsSignInHint()
    {
        var problem = JsonNode.Parse("{\"detail\":\"Authentication is required.\",\"code\":\"UNAUTHORIZED\"}");

        var error = ApiProblems.ToException(new ApiResponse(401, problem), ownerCall: true);

        Assert.Equal("Authentication is required (UNAUTHORIZED); run: sigilum auth login", error.Message);
    }

    [Fact]
    public void ToException_SignedCallForbidden_HasNoSignInHint()
    {
        var error = ApiProblems.ToException(new ApiResponse(403, JsonNode.Parse("{\"detail\":\"No.\",\"code\":\"FORBIDDEN\"}")), ownerCall: false);

        Assert.Equal("No (FORBIDDEN)", error.Message);
    }

    [Fact]
    public void ToException_NoJsonBody_NamesTheStatus()
    {
        var error = ApiProblems.ToException(new ApiResponse(502, null), ownerCall: false);

        Assert.Equal("the control plane answered HTTP 502", error.Message);
        Assert.Equal(ExitCodes.Network, error.ExitCode);
    }

    [Fact]
    public void ToException_BareNotFound_SaysTheRouteIsMissing()
    {
        var error = ApiProblems.ToException(new ApiResponse(404, null) { Route = "GET /v1/namespaces/alice/services/openai/webhooks" }, ownerCall: true);

        Assert.Equal(ExitCodes.NotFound, error.ExitCode);
        Assert.StartsWith("GET /v1/namespaces/alice/services/openai/webhooks does not exist on this control plane", error.Message, StringComparison.Ordinal);
    }
}
