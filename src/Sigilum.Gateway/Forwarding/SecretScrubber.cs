using System.Buffers;
using System.Text;

namespace Sigilum.Gateway.Forwarding;

/// <summary>
/// Replaces echoed secrets in a streamed body with <see cref="Marker"/>. Memory is bounded: between
/// chunks it holds at most (longest secret − 1) bytes, the most that could be the start of a secret
/// split across a chunk boundary.
/// </summary>
internal sealed class SecretScrubber
{
    public const string Marker = "[REDACTED:sigilum]";
    private static readonly byte[] MarkerBytes = Encoding.ASCII.GetBytes(Marker);

    private readonly byte[][] _secrets;
    private readonly int _window;
    private readonly SearchValues<byte> _firstBytes;
    private byte[] _pending = [];

    public SecretScrubber(IReadOnlyList<byte[]> secrets)
    {
        _secrets = [.. secrets.Where(s => s.Length > 0)];
        _window = _secrets.Length == 0 ? 0 : _secrets.Max(s => s.Length) - 1;
        _firstBytes = SearchValues.Create([.. _secrets.Select(s => s[0]).Distinct()]);
    }

    /// <summary>True when there is nothing to scrub, so the body can pass through untouched.</summary>
    public bool IsEmpty => _secrets.Length == 0;

    /// <summary>Scrubs <paramref name="chunk"/>; output that might still be part of a secret is held back.</summary>
    public void Process(ReadOnlySpan<byte> chunk, IBufferWriter<byte> output) => Run(chunk, output, final: false);

    /// <summary>Releases the held-back tail at the end of the body.</summary>
    public void Flush(IBufferWriter<byte> output) => Run([], output, final: true);

    private void Run(ReadOnlySpan<byte> chunk, IBufferWriter<byte> output, bool final)
    {
        byte[] joined = [.. _pending, .. chunk];
        ReadOnlySpan<byte> data = joined;
        var i = 0;
        while (i < data.Length)
        {
            // A decision at i needs the longest secret's length of look-ahead, unless the body has ended.
            if (!final && data.Length - i <= _window)
            {
                break;
            }
            var next = data[i..].IndexOfAny(_firstBytes);
            if (next < 0)
            {
                var end = final ? data.Length : Math.Max(i, data.Length - _window);
                output.Write(data[i..end]);
                i = end;
                continue;
            }
            if (next > 0)
            {
                var end = final ? i + next : Math.Min(i + next, Math.Max(i, data.Length - _window));
                output.Write(data[i..end]);
                i = end;
                continue;
            }
            var matched = MatchAt(data[i..]);
            if (matched > 0)
            {
                output.Write(MarkerBytes);
                i += matched;
            }
            else
            {
                output.Write(data.Slice(i, 1));
                i++;
            }
        }
        _pending = data[i..].ToArray();
        Array.Clear(joined);
    }

    private int MatchAt(ReadOnlySpan<byte> data)
    {
        foreach (var secret in _secrets)
        {
            if (data.StartsWith(secret))
            {
                return secret.Length;
            }
        }
        return 0;
    }
}
