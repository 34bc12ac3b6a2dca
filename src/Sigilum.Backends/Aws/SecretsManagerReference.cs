using System.Text.RegularExpressions;
using Sigilum.Backends.References;

namespace Sigilum.Backends.Aws;

/// <summary>
/// <c>&lt;name or ARN&gt;[?version_stage=S | ?version_id=I][#field]</c>: a secret, which version, and
/// which top-level field of a JSON SecretString.
/// </summary>
internal sealed partial record SecretsManagerReference(string SecretId, string? VersionStage, string? VersionId, string? Field)
{
    public static (SecretsManagerReference? Reference, string? Problem) Parse(string reference)
    {
        var (parts, problem) = ReferenceParts.Split(reference);
        if (problem is not null)
        {
            return (null, problem);
        }
        string? stage = null, versionId = null;
        if (parts.Query is { } parameter)
        {
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
        if (!IdPattern().IsMatch(parts.Id))
        {
            return (null, "the secret id must be a name or ARN of letters, digits and /_+=.@:-");
        }
        return (new SecretsManagerReference(parts.Id, stage, versionId, parts.Field), null);
    }

    [GeneratedRegex(@"^[A-Za-z0-9/_+=.@:-]{1,2048}$")]
    private static partial Regex IdPattern();

    [GeneratedRegex(@"^[A-Za-z0-9_-]{1,256}$")]
    private static partial Regex VersionPattern();
}
