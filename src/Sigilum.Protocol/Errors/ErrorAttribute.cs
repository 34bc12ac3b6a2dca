namespace Sigilum.Protocol.Errors;

/// <summary>The catalogue data of one code constant of <see cref="ErrorCatalogue"/>.</summary>
/// <param name="kind">What the code is and what <paramref name="status"/> means.</param>
/// <param name="status">The HTTP status (<see cref="ErrorKind.Http"/>), the exit code (<see cref="ErrorKind.CliExit"/>), else 0.</param>
/// <param name="title">A short title, safe to show anyone; the plane adds the detail.</param>
[AttributeUsage(AttributeTargets.Field, AllowMultiple = false, Inherited = false)]
public sealed class ErrorAttribute(ErrorKind kind, int status, string title) : Attribute
{
    /// <summary>What the code is.</summary>
    public ErrorKind Kind { get; } = kind;

    /// <summary>HTTP status, exit code or 0, by <see cref="Kind"/>.</summary>
    public int Status { get; } = status;

    /// <summary>The short title.</summary>
    public string Title { get; } = title;
}
