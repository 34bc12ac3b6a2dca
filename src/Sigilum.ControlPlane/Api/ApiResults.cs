using Sigilum.AspNetCore.Errors;

namespace Sigilum.ControlPlane.Api;

/// <summary>Shorthands for the error responses endpoints return.</summary>
internal static class ApiResults
{
    public static IResult Error(HttpContext context, ApiError error, string? detail = null) => ProblemResponses.Problem(context, error, detail);

    public static IResult Validation(HttpContext context, string detail) => ProblemResponses.Problem(context, ApiErrors.ValidationError, detail);

    public static IResult NotFound(HttpContext context, string what) => ProblemResponses.Problem(context, ApiErrors.NotFound, what + " not found.");
}
