namespace Sigilum.CommandLine.Services;

/// <summary>An entry of the user database (<c>getent passwd</c>).</summary>
public sealed record UnixAccount(string Name, int Uid, int Gid, string Home, string Shell)
{
    /// <summary>Parses one <c>name:x:uid:gid:gecos:home:shell</c> line; null when it is not one.</summary>
    public static UnixAccount? Parse(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var fields = line.Trim().Split(':');
        return fields.Length >= 7
            && int.TryParse(fields[2], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var uid)
            && int.TryParse(fields[3], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var gid)
            ? new UnixAccount(fields[0], uid, gid, fields[5], fields[6])
            : null;
    }
}
