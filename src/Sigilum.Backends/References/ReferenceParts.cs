namespace Sigilum.Backends.References;

/// <summary>
/// A secret reference's text split as <c>&lt;id&gt;[?&lt;query&gt;][#&lt;field&gt;]</c>: the grammar the AWS Secrets Manager and
/// HashiCorp Vault references share. Each backend then checks its own id and query; the split itself only refuses an
/// empty <c>#field</c>.
/// </summary>
internal readonly record struct ReferenceParts(string Id, string? Query, string? Field)
{
    public static (ReferenceParts Parts, string? Problem) Split(string reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var rest = reference.Trim();
        string? field = null, query = null;
        var hash = rest.IndexOf('#', StringComparison.Ordinal);
        if (hash >= 0)
        {
            field = rest[(hash + 1)..];
            rest = rest[..hash];
            if (field.Length == 0)
            {
                return (default, "the '#field' selector is empty");
            }
        }
        var question = rest.IndexOf('?', StringComparison.Ordinal);
        if (question >= 0)
        {
            query = rest[(question + 1)..];
            rest = rest[..question];
        }
        return (new ReferenceParts(rest, query, field), null);
    }
}
