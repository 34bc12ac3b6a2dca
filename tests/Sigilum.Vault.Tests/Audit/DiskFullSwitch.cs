namespace Sigilum.Vault.Audit;

/// <summary>Shared between a test and the audit files it injected.</summary>
internal sealed class DiskFullSwitch
{
    private volatile bool _on;

    public bool On
    {
        get => _on;
        set => _on = value;
    }
}
