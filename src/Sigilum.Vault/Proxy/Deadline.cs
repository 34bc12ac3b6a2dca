namespace Sigilum.Vault.Proxy;

/// <summary>A timeout on the injected clock, linked to an outer token; <see cref="IsExpired"/> tells a timeout from a shutdown.</summary>
internal sealed class Deadline : IDisposable
{
    private readonly CancellationTokenSource _timer;
    private readonly CancellationTokenSource _linked;

    public Deadline(TimeSpan timeout, TimeProvider time, CancellationToken outer)
    {
        _timer = new CancellationTokenSource(timeout, time);
        _linked = CancellationTokenSource.CreateLinkedTokenSource(_timer.Token, outer);
    }

    public CancellationToken Token => _linked.Token;

    public bool IsExpired => _timer.IsCancellationRequested;

    public void Dispose()
    {
        _linked.Dispose();
        _timer.Dispose();
    }
}
