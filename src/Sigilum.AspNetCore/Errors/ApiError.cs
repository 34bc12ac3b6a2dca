namespace Sigilum.AspNetCore.Errors;

/// <summary>A catalogued error: stable code, HTTP status and a short title.</summary>
public sealed record ApiError(string Code, int Status, string Title);
