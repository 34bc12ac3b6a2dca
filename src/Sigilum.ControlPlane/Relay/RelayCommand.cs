namespace Sigilum.ControlPlane.Relay;

/// <summary>One admin request for a gateway.</summary>
/// <param name="Method">GET, POST, PUT, PATCH or DELETE.</param>
/// <param name="Path">An admin path on the relay allow-list, e.g. <c>/api/admin/connections</c>.</param>
/// <param name="Body">A JSON body or null; provider secrets only as <c>sealed_secrets</c> / <c>sealed_value</c>.</param>
/// <param name="Timeout">How long to wait for the answer: default 15 s, bounded to 1–60 s.</param>
public sealed record RelayCommand(string Method, string Path, string? Body, TimeSpan? Timeout = null);
