namespace Sigilum.Cli.Local;

/// <summary>A server this CLI runs: the name of its run and log files, how messages call it, how to stop it.</summary>
internal sealed record ServerKind(string Name, string DisplayName, string StopCommand)
{
    public static readonly ServerKind ControlPlane = new("controlplane", "control plane", "sigilum api stop");

    public static readonly ServerKind Gateway = new("gateway", "gateway", "sigilum gateway stop");

    /// <summary>The vault proxy <c>sigilum up</c> runs beside the others (ADR 0061); it stops with the stack.</summary>
    public static readonly ServerKind Vault = new("vault", "vault", "sigilum down");
}
