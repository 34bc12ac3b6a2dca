namespace Sigilum.ControlPlane.Hosting;

/// <summary>Who may register a new namespace (always by a signed request from its future owner key).</summary>
public enum RegistrationPolicy
{
    /// <summary>Only clients on this machine (the local default).</summary>
    Loopback,

    /// <summary>Anyone who can reach the API (first come, first served per name).</summary>
    Open,

    /// <summary>Nobody; namespaces are created by the operator.</summary>
    Closed,
}
