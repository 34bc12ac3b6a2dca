using System.Text.RegularExpressions;

namespace Sigilum.Backends.Aws;

/// <summary>
/// <c>&lt;name or ARN&gt;[?version_stage=S | ?version_id=I][#field]</c>: a secret, which version, and
/// which top-level field of a JSON SecretString.
/// </summary>
internal sealed partial record SecretsManagerReference(string SecretId, string? VersionStage, string? VersionId, string? Field)
{
    public static (SecretsManagerReference? Reference, string? Problem) Parse(string reference)
    {
        var rest = reference.Trim();
        string? field = null, stage = null, versionId = null;
        var hash = rest.IndexOf('#', StringComparison.Ordinal);
        if (hash >= 0)
        {
            field = rest[(hash + 1)..];
            rest = rest[..hash];
            if (field.Length == 0)
            {
                return (null, "the '#field' selector is empty");
            }
        }
        var query = rest.IndexOf('?', StringComparison.Ordinal);
        if (query >= 0)
        {
            var parameter = rest[(query + 1)..];
            rest = rest[..query];
            if (parameter.StartsWith("version_stage=", StringComparison.Ordinal) && VersionPattern().IsMatch(parameter["version_stage=".Length..]))
            {
                stage = parameter["version_stage=".Length..];
            }
            else if (parameter.StartsWith("version_id=", StringComparison.Ordinal) && VersionPattern().IsMatch(parameter["version_id=".Length..]))
            {
                versionId = parameter["version_id=".Length..];
            }
            else
            {
                return (null, "the only query allowed is '?version_stage=STAGE' or '?version_id=ID'");
            }
        }
        if (!IdPattern().IsMatch(rest))
        {
            return (null, "the secret id must be a name or ARN of letters, digits and /_+=.@:-");
        }
        return (new SecretsManagerReference(rest, stage, versionId, field), null);
    }

    [GeneratedRegex(@"^[A-Za-z0-9/_+=.@:-]{1,2048}$")]
    private static partial Regex IdPattern();

    [GeneratedRegex(@"^[A-Za-z0-9_-]{1,256}$")]
    private static partial Regex VersionPattern();
}
