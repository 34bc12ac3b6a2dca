using System.Text;

namespace Sigilum.Protocol.Identity;

/// <summary>
/// Sigilum's slugify (spec §3.7), the one implementation: lower-case, every run of characters other than
/// <c>[a-z0-9]</c> becomes one <c>-</c>, no <c>-</c> at either end. The gateway derives a connection id from a name
/// with it, the CLI a service id (which is also the connection id, so both must slug a name the same way).
/// </summary>
public static class Slug
{
    /// <summary>The slug of <paramref name="name"/>, of any length (empty when the name has no ASCII letter or digit).</summary>
    public static string Of(string name) => Of(name, int.MaxValue);

    /// <summary>The slug of <paramref name="name"/>, cut to at most <paramref name="maxLength"/> characters and again without a trailing <c>-</c>.</summary>
    public static string Of(string name, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentOutOfRangeException.ThrowIfNegative(maxLength);
        var builder = new StringBuilder(name.Length);
        var dash = false;
        foreach (var c in name.ToLowerInvariant())
        {
            if (c is (>= 'a' and <= 'z') or (>= '0' and <= '9'))
            {
                builder.Append(c);
                dash = false;
            }
            else if (!dash && builder.Length > 0)
            {
                builder.Append('-');
                dash = true;
            }
        }
        var slug = builder.ToString().TrimEnd('-');
        return slug.Length > maxLength ? slug[..maxLength].TrimEnd('-') : slug;
    }
}
