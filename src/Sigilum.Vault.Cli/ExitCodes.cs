namespace Sigilum.Vault.Cli;

/// <summary>Process exit codes, the same table as <c>sigilum</c>'s (docs/vault.md).</summary>
internal static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>The check failed: audit verify found a bad record, backends test failed, doctor found a problem.</summary>
    public const int CheckFailed = 1;

    public const int Usage = 2;

    /// <summary>Something named does not exist (agent, backend, route, anchor, file) or the vault is not initialised.</summary>
    public const int NotFound = 3;

    /// <summary>Input exists but is invalid: a JWK that does not match its pin, a malformed JWKS.</summary>
    public const int InvalidData = 4;

    public const int Network = 5;

    public const int IoError = 6;

    public const int Internal = 70;
}
