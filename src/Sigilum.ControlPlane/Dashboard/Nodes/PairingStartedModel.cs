namespace Sigilum.ControlPlane.Dashboard.Nodes;

/// <summary>
/// A pairing session just started: what to run on the gateway's machine. The code is in this one response (rendered
/// from the post, never in a URL) and stored only as a hash.
/// </summary>
public sealed record PairingStartedModel(string SessionId, string Code, string Namespace, string ApiUrl, DateTimeOffset ExpiresAt, int TtlMinutes)
{
    /// <summary>The exact command for the gateway's machine.</summary>
    public string Command => $"sigilum gateway connect --session-id {SessionId} --pair-code {Code} --namespace {Namespace} --api-url {ApiUrl}";
}
