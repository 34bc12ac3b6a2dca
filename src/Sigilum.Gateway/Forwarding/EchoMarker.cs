namespace Sigilum.Gateway.Forwarding;

/// <summary>What an echoed secret becomes in a response the gateway passes back to an agent.</summary>
internal static class EchoMarker
{
    public const string Text = "[REDACTED:sigilum]";
}
