namespace Sigilum.Protocol.Errors;

/// <summary>One row of the error catalogue.</summary>
/// <param name="Code">The stable code, UPPER_SNAKE.</param>
/// <param name="Kind">What the code is.</param>
/// <param name="Status">HTTP status (<see cref="ErrorKind.Http"/>), exit code (<see cref="ErrorKind.CliExit"/>), else 0.</param>
/// <param name="Title">A short title, safe to show anyone.</param>
public sealed record ErrorEntry(string Code, ErrorKind Kind, int Status, string Title)
{
    /// <summary>The row's anchor in docs/errors.md: the code in lower case with dashes (<c>BACKEND_TIMEOUT</c> → <c>backend-timeout</c>).</summary>
    public string Anchor => AnchorOf(Code);

    /// <summary>The HTTP status of an <see cref="ErrorKind.Http"/> code; other kinds have none and throw, since answering one over HTTP is a bug.</summary>
    public int HttpStatus => Kind == ErrorKind.Http
        ? Status
        : throw new InvalidOperationException($"{Code} is a {Kind} code, not an HTTP answer.");

    /// <summary>The docs/errors.md anchor of <paramref name="code"/>.</summary>
    public static string AnchorOf(string code) => code.ToLowerInvariant().Replace('_', '-');
}
