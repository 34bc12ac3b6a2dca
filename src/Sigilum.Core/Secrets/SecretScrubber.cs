using System.Buffers;
using System.Text;

namespace Sigilum.Core.Secrets;

/// <summary>
/// Replaces echoed secrets in a streamed body with a marker (the gateway's and the vault's differ, so a reader
/// knows who redacted). Memory is bounded: between
/// chunks it holds back at most (longest secret − 1) bytes, and only a tail that is the start of a
/// secret (one split across a chunk boundary); everything else is released at once.
/// </summary>
public sealed class SecretScrubber
{
    private readonly byte[] _markerBytes;
    private readonly byte[][] _secrets;
    private readonly SearchValues<byte> _firstBytes;
    private byte[] _pending = [];

    /// <param name="secrets">The raw values to replace; empty ones are ignored.</param>
    /// <param name="marker">What replaces each occurrence (ASCII).</param>
    public SecretScrubber(IReadOnlyList<byte[]> secrets, string marker)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        ArgumentNullException.ThrowIfNull(marker);
        Marker = marker;
        _markerBytes = Encoding.ASCII.GetBytes(marker);
        _secrets = [.. secrets.Where(s => s.Length > 0)];
        _firstBytes = SearchValues.Create([.. _secrets.Select(s => s[0]).Distinct()]);
    }

    /// <summary>What replaces a secret.</summary>
    public string Marker { get; }

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
            var next = data[i..].IndexOfAny(_firstBytes);
            if (next < 0)
            {
                output.Write(data[i..]);
                i = data.Length;
                break;
            }
            output.Write(data.Slice(i, next));
            i += next;
            var matched = MatchAt(data[i..]);
            if (matched > 0)
            {
                output.Write(_markerBytes);
                i += matched;
                continue;
            }
            // Hold back only a tail that could still become a secret, so small writes such as SSE
            // events are not delayed unless they end in what looks like the start of a secret.
            if (!final && IsSecretPrefix(data[i..]))
            {
                break;
            }
            output.Write(data.Slice(i, 1));
            i++;
        }
        _pending = data[i..].ToArray();
        Array.Clear(joined);
    }

    private bool IsSecretPrefix(ReadOnlySpan<byte> tail)
    {
        foreach (var secret in _secrets)
        {
            if (secret.Length > tail.Length && secret.AsSpan().StartsWith(tail))
            {
                return true;
            }
        }
        return false;
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
