namespace Sigilum.Vault.Proxy;

/// <summary>A fresh deadline for each read of a streamed body: the stream may last, a silence may not (docs/decisions/0009).</summary>
internal sealed class IdleTimeout(TimeSpan idle, TimeProvider time, CancellationToken outer) : IDisposable
{
    private Deadline? _current;

    public bool IsExpired => _current?.IsExpired ?? false;

    public CancellationToken Next()
    {
        _current?.Dispose();
        _current = new Deadline(idle, time, outer);
        return _current.Token;
    }

    public void Dispose() => _current?.Dispose();
}
