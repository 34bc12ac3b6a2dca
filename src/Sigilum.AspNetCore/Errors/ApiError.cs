using Sigilum.Protocol.Errors;

namespace Sigilum.AspNetCore.Errors;

/// <summary>A catalogued error: stable code, HTTP status and a short title.</summary>
public sealed record ApiError(string Code, int Status, string Title)
{
    /// <summary>The problem+json error of a catalogued HTTP code, with the catalogue's status and title (ADR 0048).</summary>
    /// <param name="code">A constant of <see cref="ErrorCatalogue"/>.</param>
    public static ApiError Of(string code)
    {
        var entry = ErrorCatalogue.Entry(code);
        return new ApiError(entry.Code, entry.HttpStatus, entry.Title);
    }
}
