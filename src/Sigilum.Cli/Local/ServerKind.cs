namespace Sigilum.Cli.Local;

/// <summary>A server this CLI runs: the name of its run and log files, how messages call it, how to stop it.</summary>
internal sealed record ServerKind(string Name, string DisplayName, string StopCommand)
{
    public static readonly ServerKind ControlPlane = new("controlplane", "control plane", "sigilum api stop");

    public static readonly ServerKind Gateway = new("gateway", "gateway", "sigilum gateway stop");
}
