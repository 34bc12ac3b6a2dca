namespace Sigilum.Core.Secrets;

/// <summary>
/// What an echoed secret becomes in a response a data plane passes back to an agent (reliability PRX-18). The two
/// differ so a reader of a redacted response knows which data plane redacted it.
/// </summary>
public static class EchoMarker
{
    /// <summary>The gateway's marker.</summary>
    public const string Gateway = "[REDACTED:sigilum]";

    /// <summary>sigil-vault's marker.</summary>
    public const string Vault = "[REDACTED:sigil-vault]";
}
