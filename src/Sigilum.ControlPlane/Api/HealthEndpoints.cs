using Sigilum.Core.Storage;

namespace Sigilum.ControlPlane.Api;

/// <summary><c>/health</c> (process up), <c>/health/ready</c> (store answers).</summary>
internal static class HealthEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/health", (TimeProvider time) => Results.Ok(new { status = "ok", timestamp = time.GetUtcNow() }));
        app.MapGet("/health/live", () => Results.Ok(new { status = "ok" }));
        app.MapGet("/health/ready", async (ISigilumStore store, CancellationToken ct) =>
            await store.PingAsync(ct)
                ? Results.Ok(new { status = "ok", store = store.Provider })
                : Results.Json(new { status = "unavailable", store = store.Provider }, statusCode: StatusCodes.Status503ServiceUnavailable));
    }
}
