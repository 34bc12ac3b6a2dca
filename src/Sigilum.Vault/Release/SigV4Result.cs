namespace Sigilum.Vault.Release;

/// <summary>The headers a SigV4 re-signing adds, or why the request cannot be signed (status and stable code).</summary>
internal sealed record SigV4Result(IReadOnlyList<KeyValuePair<string, string>>? Headers, int Status, string? Code, string? Message)
{
    public bool IsSuccess => Headers is not null;

    public static SigV4Result Success(IReadOnlyList<KeyValuePair<string, string>> headers) => new(headers, 0, null, null);

    public static SigV4Result Failure(int status, string code, string message) => new(null, status, code, message);
}
