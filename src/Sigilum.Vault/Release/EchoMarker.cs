namespace Sigilum.Vault.Release;

/// <summary>What an echoed credential becomes in a response the vault passes back to an agent.</summary>
internal static class EchoMarker
{
    public const string Text = "[REDACTED:sigil-vault]";
}
