namespace Sigilum.Load;

/// <summary>
/// One worker's measurements: every latency in microseconds (kept whole, so percentiles are exact
/// after one sort — at ~10k requests/s for 15 s that is ~1 MB) and counts per outcome. Not shared
/// between workers, so no locking on the hot path.
/// </summary>
internal sealed class LatencyRecorder
{
    private long[] _micros = new long[16 * 1024];
    private readonly long[] _statuses = new long[600];
    private Dictionary<string, long>? _exceptions;

    public int Count { get; private set; }

    public void Record(long micros, int status)
    {
        if (Count == _micros.Length)
        {
            Array.Resize(ref _micros, _micros.Length * 2);
        }
        _micros[Count++] = micros;
        _statuses[status is >= 0 and < 600 ? status : 0]++;
    }

    public void RecordException(long micros, Exception exception)
    {
        if (Count == _micros.Length)
        {
            Array.Resize(ref _micros, _micros.Length * 2);
        }
        _micros[Count++] = micros;
        _exceptions ??= [];
        var key = exception.GetType().Name;
        _exceptions[key] = _exceptions.GetValueOrDefault(key) + 1;
    }

    public ReadOnlySpan<long> Micros => _micros.AsSpan(0, Count);

    public ReadOnlySpan<long> Statuses => _statuses;

    public IReadOnlyDictionary<string, long> Exceptions => _exceptions ?? [];
}
