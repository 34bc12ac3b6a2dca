using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Sigilum.Gateway.Diagnostics;
using Sigilum.Gateway.Operations;

namespace Sigilum.Gateway.Connections;

/// <summary>
/// The admin routes of spec §3.1 for connections, credential variables, service API keys and the
/// service catalogue, mapped on the host's <c>/api/admin</c> group (which carries the admin access filter).
/// Bodies are read inside the handlers (<see cref="AdminJsonBody"/>); services are resolved explicitly so
/// none can be mistaken for a body. Responses are <c>no-store</c> and never contain a secret value.
/// </summary>
internal static partial class ConnectionAdminEndpoints
{
    /// <summary>The request header whose value overrides a variable's <c>created_by_subject</c> (spec §3.1).</summary>
    public const string SubjectHeader = "sigilum-subject";

    public static RouteGroupBuilder Map(RouteGroupBuilder admin)
    {
        ArgumentNullException.ThrowIfNull(admin);
        // The connection list and one connection hold no secret material: a loopback client may read them (ADR 0020).
        admin.MapGet("/connections", Handler(ListAsync)).ReadableFromLoopback();
        admin.MapPost("/connections", Handler(CreateAsync));
        admin.MapGet("/connections/{id}", GetAsync).ReadableFromLoopback();
        admin.MapPatch("/connections/{id}", UpdateAsync);
        admin.MapDelete("/connections/{id}", DeleteAsync);
        admin.MapPost("/connections/{id}/rotate", RotateAsync);
        admin.MapPost("/connections/{id}/test", TestAsync);
        admin.MapPost("/connections/{id}/discover", DiscoverAsync);
        MapCredentials(admin);
        return admin;
    }

    private static async Task<IResult> ListAsync(HttpContext context)
    {
        var connections = await Service(context).ListAsync(context.RequestAborted);
        return Json(context, new { connections = connections.Select(ConnectionView.From) });
    }

    private static async Task<IResult> CreateAsync(HttpContext context)
    {
        var body = await AdminJsonBody.ReadAsync<CreateConnectionRequest>(context, Options(context).MaxAdminBodyBytes);
        if (!body.Succeeded)
        {
            return Error(body.Error);
        }
        using var request = body.Value;
        var outcome = await Service(context).CreateAsync(request, context.RequestAborted);
        if (!outcome.Succeeded)
        {
            return Error(outcome.Error);
        }
        PrewarmIfUndiscovered(context, outcome.Value);
        return Json(context, ConnectionView.From(outcome.Value), StatusCodes.Status201Created);
    }

    private static async Task<IResult> GetAsync(HttpContext context, string id)
    {
        var outcome = await Service(context).GetAsync(id, context.RequestAborted);
        return outcome.Succeeded ? Json(context, ConnectionView.From(outcome.Value)) : Error(outcome.Error);
    }

    private static async Task<IResult> UpdateAsync(HttpContext context, string id)
    {
        var body = await AdminJsonBody.ReadAsync<UpdateConnectionRequest>(context, Options(context).MaxAdminBodyBytes);
        if (!body.Succeeded)
        {
            return Error(body.Error);
        }
        using var request = body.Value;
        var outcome = await Service(context).UpdateAsync(id, request, context.RequestAborted);
        if (!outcome.Succeeded)
        {
            return Error(outcome.Error);
        }
        PrewarmIfUndiscovered(context, outcome.Value);
        return Json(context, ConnectionView.From(outcome.Value));
    }

    private static async Task<IResult> DeleteAsync(HttpContext context, string id)
    {
        var error = await Service(context).DeleteAsync(id, context.RequestAborted);
        return error is null ? NoStore(context, Results.NoContent()) : Error(error);
    }

    private static async Task<IResult> RotateAsync(HttpContext context, string id)
    {
        var body = await AdminJsonBody.ReadAsync<RotateConnectionRequest>(context, Options(context).MaxAdminBodyBytes);
        if (!body.Succeeded)
        {
            return Error(body.Error);
        }
        using var request = body.Value;
        var outcome = await Service(context).RotateAsync(id, request, context.RequestAborted);
        return outcome.Succeeded ? Json(context, ConnectionView.From(outcome.Value)) : Error(outcome.Error);
    }

    /// <summary>200 with the result when the upstream answered (pass or fail); 502 when it did not (spec §3.1).</summary>
    private static async Task<IResult> TestAsync(HttpContext context, string id)
    {
        var body = await AdminJsonBody.ReadAsync<TestConnectionRequest>(context, Options(context).MaxAdminBodyBytes);
        if (!body.Succeeded)
        {
            return Error(body.Error);
        }
        var outcome = await context.RequestServices.GetRequiredService<ConnectionTester>().TestAsync(id, body.Value, context.RequestAborted);
        if (!outcome.Succeeded)
        {
            return Error(outcome.Error);
        }
        var status = outcome.Value.HttpStatus is null ? StatusCodes.Status502BadGateway : StatusCodes.Status200OK;
        return Json(context, outcome.Value, status);
    }

    private static ConnectionService Service(HttpContext context) => context.RequestServices.GetRequiredService<ConnectionService>();

    private static ConnectionOptions Options(HttpContext context) => context.RequestServices.GetRequiredService<ConnectionOptions>();

    private static IResult Json<T>(HttpContext context, T value, int status = StatusCodes.Status200OK) =>
        NoStore(context, Results.Json(value, GatewayJson.Options, statusCode: status));

    private static IResult NoStore(HttpContext context, IResult result)
    {
        context.Response.Headers.CacheControl = "no-store";
        return result;
    }

    private static GatewayErrorResult Error(GatewayError error) => new(error);

    /// <summary>
    /// Typed as a route handler (not a <see cref="RequestDelegate"/>) so the returned <see cref="IResult"/> is
    /// executed: a method taking only <see cref="HttpContext"/> would otherwise bind as a RequestDelegate.
    /// </summary>
    private static Delegate Handler(Func<HttpContext, Task<IResult>> handler) => handler;
}
