using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using Sigilum.Core.Secrets;

namespace Sigilum.Gateway.Mcp.Upstream;

/// <summary>
/// What the MCP server says, made safe to hand to an agent (reliability PRX-18, for MCP): the connection's credential
/// — raw, without its scheme (<c>Bearer </c>), and in every spelling <see cref="SecretScrubber"/> knows (base64,
/// percent-encoded, JSON-escaped, hex) — is replaced in results by <see cref="EchoMarker.Gateway"/>, and a server
/// message (a JSON-RPC error) that holds it is withheld entirely; messages are one line of at most
/// <see cref="MaxLength"/> characters.
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

    internal static bool ContainsCredential(string text, McpUpstreamTarget target)
    {
        Scrub(text, target, out var found);
        return found;
    }

    /// <summary><paramref name="text"/> (UTF-8) with every spelling of the credential replaced; <paramref name="found"/> says whether any was.</summary>
    public static string Scrub(string text, McpUpstreamTarget target, out bool found)
    {
        using var scrubber = ScrubberFor(target);
        var bytes = Encoding.UTF8.GetBytes(text);
        var output = new ArrayBufferWriter<byte>(bytes.Length);
        try
        {
            scrubber.Process(bytes, output);
            scrubber.Flush(output);
            found = scrubber.Found;
            return found ? Encoding.UTF8.GetString(output.WrittenSpan) : text;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
            output.Clear();
        }
    }

    /// <summary>The injected value, its part after a scheme (a header <c>Bearer sk-…</c> may be echoed as <c>sk-…</c>) and the query value.</summary>
    private static SecretScrubber ScrubberFor(McpUpstreamTarget target)
    {
        var secrets = new List<byte[]>();
        try
        {
            foreach (var value in new[] { target.Header?.Value, target.QueryParameter?.Value })
            {
                if (value is not { Length: > 0 })
                {
                    continue;
                }
                secrets.Add(value.ToArray());
                var space = Array.LastIndexOf(value, (byte)' ');
                if (space >= 0 && space < value.Length - 1)
                {
                    secrets.Add(value[(space + 1)..]);
                }
            }
            return new SecretScrubber(secrets, EchoMarker.Gateway);
        }
        finally
        {
            foreach (var copy in secrets)
            {
                CryptographicOperations.ZeroMemory(copy);
            }
        }
    }
}
