namespace Sigilum.Backends.Aws;

/// <summary>Reads one profile of the shared credentials file (<c>~/.aws/credentials</c>, INI format).</summary>
internal static class AwsProfileFile
{
    public static AwsCredentials? Read(string path, string profile)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var inProfile = false;
        foreach (var raw in lines)
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] is '#' or ';')
            {
                continue;
            }
            if (line[0] == '[' && line[^1] == ']')
            {
                var name = line[1..^1].Trim();
                // The config-file spelling "[profile x]" is accepted too.
                inProfile = name == profile || name == "profile " + profile;
                continue;
            }
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (inProfile && equals > 0)
            {
                values[line[..equals].Trim()] = line[(equals + 1)..].Trim();
            }
        }
        return values.TryGetValue("aws_access_key_id", out var id) && values.TryGetValue("aws_secret_access_key", out var secret) && id.Length > 0 && secret.Length > 0
            ? new AwsCredentials(id, secret, values.GetValueOrDefault("aws_session_token"))
            : null;
    }
}
