using System.Text;
using Sigilum.Vault.Http;
using Sigilum.Vault.Proxy;
using Sigilum.Vault.Store;

namespace Sigilum.Vault.Release;

/// <summary>
/// The request head sent upstream, built straight into one pinned array that holds the credential
/// (never in a <c>string</c>) and is zeroed by <see cref="Dispose"/> right after it is written
/// (DESIGN §4 "Secrets at rest", reliability §3.9). Attestation, proxy and hop-by-hop headers are
/// stripped; headers the route injects replace any the agent sent under the same name.
/// </summary>
internal sealed class UpstreamRequestHead : IDisposable
{
    private static readonly string[] Stripped =
    [
        "Connection", "Keep-Alive", "Proxy-Connection", "TE", "Trailer", "Transfer-Encoding", "Upgrade",
        "Proxy-Authorization", "Proxy-Authenticate", "Expect", "Host", "Content-Length", ProxyHeaders.Attestation,
    ];

    private readonly byte[] _buffer;
    private readonly PinnedHeadBuffers _buffers;
    private int _disposed;

    private UpstreamRequestHead(byte[] buffer, int length, PinnedHeadBuffers buffers)
    {
        _buffer = buffer;
        _buffers = buffers;
        Length = length;
    }

    public int Length { get; }

    public ReadOnlyMemory<byte> Bytes => _buffer.AsMemory(0, Length);

    /// <summary>True when every byte is visible ASCII or space (no CR, LF, NUL, DEL: header injection, BKD-07).</summary>
    public static bool IsInjectable(ReadOnlySpan<byte> credential) =>
        credential.Length is > 0 and <= 16 * 1024 && credential.IndexOfAnyExceptInRange((byte)0x20, (byte)0x7E) < 0;

    /// <summary>
    /// Builds the head. With <paramref name="signed"/> (an <c>aws-sts</c> route, <see cref="SigV4Injection"/>)
    /// those headers replace the agent's of the same names and no template is applied.
    /// </summary>
    public static UpstreamRequestHead Build(
        HttpHead agentRequest, string target, string hostHeader, BodyFraming framing, RouteConfig route, ReadOnlySpan<byte> credential,
        IReadOnlyList<KeyValuePair<string, string>>? signed = null, PinnedHeadBuffers? buffers = null)
    {
        buffers ??= PinnedHeadBuffers.Shared;
        IReadOnlyList<HeaderTemplate> injected = signed is not null ? [] : route.Headers.Count == 0 && route.Query is null ? [HeaderTemplate.DefaultAuthorization] : route.Headers;
        var routeQuery = signed is null ? route.Query : null;
        // A signed request drops all three of the agent's signature headers, even one the signature does not set
        // (no session token): an unsigned placeholder must never travel with it.
        var replaced = signed is not null ? [.. SigV4Injection.ReplacedHeaders, .. signed.Select(h => h.Key)] : injected.Select(i => i.Name).ToList();
        var connectionListed = agentRequest.Tokens("Connection");
        var forwarded = new List<KeyValuePair<string, string>>(agentRequest.Headers.Count);
        foreach (var header in agentRequest.Headers)
        {
            if (!HttpHead.ContainsName(Stripped, header.Key) && !HttpHead.ContainsName(connectionListed, header.Key) && !HttpHead.ContainsName(replaced, header.Key))
            {
                forwarded.Add(header);
            }
        }

        string targetPrefix = target, targetSuffix = string.Empty;
        if (routeQuery is { } query)
        {
            var hash = target.IndexOf('?', StringComparison.Ordinal);
            var path = hash < 0 ? target : target[..hash];
            var kept = hash < 0 ? [] : target[(hash + 1)..].Split('&').Where(p => p.Length > 0 && !(p.Split('=')[0]).Equals(query.Name, StringComparison.Ordinal)).ToList();
            targetPrefix = path + "?" + string.Concat(kept.Select(p => p + "&")) + query.Name + "=" + Uri.EscapeDataString(query.Prefix);
            targetSuffix = Uri.EscapeDataString(query.Suffix);
        }

        var credentialLength = credential.Length;
        var bound = agentRequest.Method.Length + targetPrefix.Length + targetSuffix.Length + credentialLength * 3 + 64 + hostHeader.Length +
            forwarded.Sum(h => h.Key.Length + h.Value.Length + 4) +
            injected.Sum(i => i.Name.Length + i.Prefix.Length + i.Suffix.Length + credentialLength + 4) +
            (signed?.Sum(h => h.Key.Length + h.Value.Length + 4) ?? 0) + 128;
        var buffer = buffers.Rent(bound);
        var at = 0;
        void Text(string s) => at += Encoding.Latin1.GetBytes(s, buffer.AsSpan(at));
        void Raw(ReadOnlySpan<byte> bytes)
        {
            bytes.CopyTo(buffer.AsSpan(at));
            at += bytes.Length;
        }

        Text(agentRequest.Method);
        Text(" ");
        Text(targetPrefix);
        if (routeQuery is not null)
        {
            // Percent-encode the credential byte by byte (RFC 3986 unreserved kept), into the pinned buffer.
            foreach (var b in credential)
            {
                if (char.IsAsciiLetterOrDigit((char)b) || b is (byte)'-' or (byte)'.' or (byte)'_' or (byte)'~')
                {
                    buffer[at++] = b;
                }
                else
                {
                    buffer[at++] = (byte)'%';
                    buffer[at++] = (byte)"0123456789ABCDEF"[b >> 4];
                    buffer[at++] = (byte)"0123456789ABCDEF"[b & 0xF];
                }
            }
            Text(targetSuffix);
        }
        Text(" HTTP/1.1\r\nHost: ");
        Text(hostHeader);
        Text("\r\n");
        foreach (var (name, value) in forwarded)
        {
            Text(name);
            Text(": ");
            Text(value);
            Text("\r\n");
        }
        foreach (var header in injected)
        {
            Text(header.Name);
            Text(": ");
            Text(header.Prefix);
            Raw(credential);
            Text(header.Suffix);
            Text("\r\n");
        }
        foreach (var (name, value) in signed ?? [])
        {
            Text(name);
            Text(": ");
            Text(value);
            Text("\r\n");
        }
        if (framing.Kind == BodyKind.Length)
        {
            Text("Content-Length: " + framing.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) + "\r\n");
        }
        else if (framing.Kind == BodyKind.Chunked)
        {
            Text("Transfer-Encoding: chunked\r\n");
        }
        // Persistent (HTTP/1.1's default): the connection returns to the pool of this agent and route only
        // (docs/decisions/0030), so it never carries another agent's or route's credential.
        Text("\r\n");
        return new UpstreamRequestHead(buffer, at, buffers);
    }

    /// <summary>Zeroes the head (credential included) and gives the pinned buffer back for reuse; only the first call counts.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _buffers.Return(_buffer);
        }
    }
}
