using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Sigilum.Gateway.Connections;

/// <summary>Credential variables, service API keys and the service catalogue.</summary>
internal static partial class ConnectionAdminEndpoints
{
    private static void MapCredentials(RouteGroupBuilder admin)
    {
        admin.MapGet("/credential-variables", Handler(ListVariablesAsync));
        admin.MapPost("/credential-variables", Handler(UpsertVariableAsync));
        admin.MapDelete("/credential-variables/{key}", DeleteVariableAsync);
        admin.MapPut("/service-api-keys/{connection_id}", SetServiceKeyAsync);
        admin.MapGet("/service-api-keys/{connection_id}", GetServiceKey);
        admin.MapGet("/service-catalog", Handler(GetCatalogAsync));
        admin.MapPut("/service-catalog", Handler(SaveCatalogAsync));
    }

    private static async Task<IResult> ListVariablesAsync(HttpContext context)
    {
        var variables = await Service(context).ListVariablesAsync(context.RequestAborted);
        return Json(context, new { variables = variables.Select(CredentialVariableView.From) });
    }

    private static async Task<IResult> UpsertVariableAsync(HttpContext context)
    {
        var body = await AdminJsonBody.ReadAsync<CredentialVariableRequest>(context, Options(context).MaxAdminBodyBytes);
        if (!body.Succeeded)
        {
            return Error(body.Error);
        }
        try
        {
            var subject = context.Request.Headers[SubjectHeader].FirstOrDefault();
            var outcome = await Service(context).UpsertVariableAsync(body.Value, subject, context.RequestAborted);
            return outcome.Succeeded ? Json(context, CredentialVariableView.From(outcome.Value)) : Error(outcome.Error);
        }
        finally
        {
            ConnectionService.Zero(body.Value.Value);
        }
    }

    private static async Task<IResult> DeleteVariableAsync(HttpContext context, string key)
    {
        var error = await Service(context).DeleteVariableAsync(key, context.RequestAborted);
        return error is null ? Json(context, new { deleted = true, key }) : Error(error);
    }

    private static async Task<IResult> SetServiceKeyAsync(HttpContext context, string connection_id)
    {
        var body = await AdminJsonBody.ReadAsync<ServiceKeyRequest>(context, Options(context).MaxAdminBodyBytes);
        if (!body.Succeeded)
        {
            return Error(body.Error);
        }
        try
        {
            var outcome = await Service(context).SetServiceKeyAsync(connection_id, body.Value, context.RequestAborted);
            return outcome.Succeeded ? Json(context, outcome.Value) : Error(outcome.Error);
        }
        finally
        {
            ConnectionService.Zero(body.Value.Key);
        }
    }

    private static IResult GetServiceKey(HttpContext context, string connection_id) =>
        Json(context, Service(context).DescribeServiceKey(connection_id));

    private static async Task<IResult> GetCatalogAsync(HttpContext context)
    {
        var outcome = await Catalog(context).GetAsync(context.RequestAborted);
        return outcome.Succeeded ? Json(context, outcome.Value) : Error(outcome.Error);
    }

    private static async Task<IResult> SaveCatalogAsync(HttpContext context)
    {
        var body = await AdminJsonBody.ReadAsync<ServiceCatalogDocument>(context, Options(context).MaxAdminBodyBytes);
        if (!body.Succeeded)
        {
            return Error(body.Error);
        }
        var outcome = await Catalog(context).SaveAsync(body.Value, context.RequestAborted);
        return outcome.Succeeded ? Json(context, outcome.Value) : Error(outcome.Error);
    }

    private static ServiceCatalog Catalog(HttpContext context) => context.RequestServices.GetRequiredService<ServiceCatalog>();
}
