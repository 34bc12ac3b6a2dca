namespace Sigilum.CommandLine;

/// <summary>Process exit codes of both command lines; documented in docs/cli.md and docs/vault.md, so change them only with the docs.</summary>
public static class ExitCodes
{
    /// <summary>Success.</summary>
    public const int Ok = 0;

    /// <summary>
    /// The command ran but the check failed: an invalid signature, an HTTP error with --fail, a claim not in a state
    /// that allows the decision (409), a server that is not running or did not start.
    /// </summary>
    public const int CheckFailed = 1;

    /// <summary>Bad arguments: unknown option, malformed URL, method or header, invalid or ambiguous namespace.</summary>
    public const int Usage = 2;

    /// <summary>Something named does not exist: an identity, an input file, a claim, service or namespace (404).</summary>
    public const int NotFound = 3;

    /// <summary>Input exists but is not valid: a corrupt identity file, a malformed request file.</summary>
    public const int InvalidData = 4;

    /// <summary>The network request could not complete: connection refused, DNS, TLS, timeout; or the server failed (5xx, 429).</summary>
    public const int Network = 5;

    /// <summary>A local file could not be read or written (permissions, disk full).</summary>
    public const int IoError = 6;

    /// <summary>Not signed in, the owner token expired or was revoked, or the control plane refused the caller.</summary>
    public const int Auth = 7;

    /// <summary>A bug: an unexpected exception (reported in one line, never as a stack trace).</summary>
    public const int Internal = 70;
}
