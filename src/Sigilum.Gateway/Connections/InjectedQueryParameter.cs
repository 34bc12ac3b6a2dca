using System.Globalization;
using System.Text;

namespace Sigilum.Gateway.Connections;

/// <summary>
/// The credential as a query parameter (<c>query_param</c> mode). <paramref name="Value"/> is the raw,
/// unencoded bytes (prefix + secret), zeroed when the owning <see cref="ConnectionResolution"/> is disposed.
/// </summary>
internal sealed record InjectedQueryParameter(string Name, byte[] Value)
{
    /// <summary>
    /// <c>name=value</c> percent-encoded (RFC 3986 unreserved characters kept), ready to append to an
    /// upstream query with <c>?</c> or <c>&amp;</c>. The result holds the secret: never log that URL.
    /// </summary>
    public string ToQueryPair()
    {
        var builder = new StringBuilder(Name.Length + 1 + (Value.Length * 3));
        builder.Append(Uri.EscapeDataString(Name)).Append('=');
        foreach (var b in Value)
        {
            if (b is (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'a' and <= (byte)'z') or (>= (byte)'0' and <= (byte)'9') or (byte)'-' or (byte)'.' or (byte)'_' or (byte)'~')
            {
                builder.Append((char)b);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }
        return builder.ToString();
    }
}
