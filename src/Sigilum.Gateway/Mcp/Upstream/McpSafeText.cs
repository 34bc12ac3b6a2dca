using System.Text;

namespace Sigilum.Gateway.Mcp.Upstream;

/// <summary>
/// Text from the MCP server (a JSON-RPC error message) made safe to hand to an agent: one line, at most
/// <see cref="MaxLength"/> characters, and withheld entirely if it holds the connection's credential (a server that
/// echoes its query string or headers would otherwise hand the agent the key).
/// </summary>
internal static class McpSafeText
{
    public const int MaxLength = 300;

    public static string From(string? text, McpUpstreamTarget target)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return "(no message)";
        }
        if (ContainsCredential(text, target))
        {
            return "(message withheld: it contained the connection's credential)";
        }
        var builder = new StringBuilder(Math.Min(text.Length, MaxLength));
        foreach (var c in text.Trim())
        {
            if (builder.Length == MaxLength)
            {
                builder.Append('…');
                break;
            }
            builder.Append(char.IsControl(c) ? ' ' : c);
        }
        return builder.ToString();
    }

    /// <summary>The raw value (or the part after a scheme such as <c>Bearer </c>) and its percent-encoded form, compared as bytes.</summary>
    internal static bool ContainsCredential(string text, McpUpstreamTarget target)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        try
        {
            if (target.Header is { } header && Contains(bytes, header.Value))
            {
                return true;
            }
            if (target.QueryParameter is { } parameter)
            {
                var encoded = PercentEncoded(parameter.Value);
                try
                {
                    return Contains(bytes, parameter.Value) || Contains(bytes, encoded);
                }
                finally
                {
                    Array.Clear(encoded);
                }
            }
            return false;
        }
        finally
        {
            Array.Clear(bytes);
        }
    }

    /// <summary>The value as <see cref="Connections.InjectedQueryParameter.ToQueryPair"/> encodes it, as bytes (no string of the secret).</summary>
    private static byte[] PercentEncoded(byte[] value)
    {
        var output = new List<byte>(value.Length * 3);
        foreach (var b in value)
        {
            if (b is (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'a' and <= (byte)'z') or (>= (byte)'0' and <= (byte)'9') or (byte)'-' or (byte)'.' or (byte)'_' or (byte)'~')
            {
                output.Add(b);
            }
            else
            {
                output.Add((byte)'%');
                output.Add((byte)"0123456789ABCDEF"[b >> 4]);
                output.Add((byte)"0123456789ABCDEF"[b & 0xF]);
            }
        }
        var result = output.ToArray();
        CollectionsMarshalClear(output);
        return result;
    }

    private static void CollectionsMarshalClear(List<byte> list) => System.Runtime.InteropServices.CollectionsMarshal.AsSpan(list).Clear();

    private static bool Contains(ReadOnlySpan<byte> haystack, byte[] value)
    {
        var secret = value.AsSpan();
        // A header value "Bearer sk-…" may be echoed without its scheme.
        var space = secret.LastIndexOf((byte)' ');
        if (space >= 0 && space < secret.Length - 1)
        {
            secret = secret[(space + 1)..];
        }
        return secret.Length >= 4 && haystack.IndexOf(secret) >= 0;
    }
}
