namespace Sigilum.Vault.Audit;

/// <summary>Shared between a test and the audit files it injected: a full disk (STO-01) or a sync that hangs (STO-03).</summary>
internal sealed class DiskFullSwitch : IDisposable
{
    private volatile bool _on;

    public bool On
    {
        get => _on;
        set => _on = value;
    }

    /// <summary>Open (the default): syncs go through. Reset: every sync of the record log waits until it is set again.</summary>
    public ManualResetEventSlim Syncs { get; } = new(true);

    public void Dispose() => Syncs.Dispose();
}
