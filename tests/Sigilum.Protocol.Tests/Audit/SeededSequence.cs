namespace Sigilum.Protocol.Audit;

/// <summary>
/// SplitMix64: a reproducible pseudo-random sequence for test corpora (System.Random is banned in the
/// solution so that nobody uses it for keys or nonces; a corpus needs the same values on every run, not secrecy).
/// </summary>
internal sealed class SeededSequence(ulong seed)
{
    private ulong _state = seed;

    /// <summary>A value in [0, <paramref name="max"/>).</summary>
    public int Next(int max) => (int)(NextUInt64() % (ulong)max);

    /// <summary>A value in [<paramref name="min"/>, <paramref name="max"/>).</summary>
    public int Next(int min, int max) => min + Next(max - min);

    /// <summary>Any 64-bit value but <see cref="long.MinValue"/>.</summary>
    public long NextInt64()
    {
        var value = (long)NextUInt64();
        return value == long.MinValue ? 0 : value;
    }

    public void Shuffle<T>(T[] items)
    {
        for (var i = items.Length - 1; i > 0; i--)
        {
            var j = Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    private ulong NextUInt64()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
