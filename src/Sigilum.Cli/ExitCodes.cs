namespace Sigilum.Cli;

/// <summary>Process exit codes; documented in docs/cli.md, so change them only with the docs.</summary>
internal static class ExitCodes
{
    /// <summary>Success.</summary>
    public const int Ok = 0;

    /// <summary>The command ran but the check failed: an invalid signature, an HTTP error with --fail.</summary>
    public const int CheckFailed = 1;

    /// <summary>Bad arguments: unknown option, malformed URL, method or header, invalid or ambiguous namespace.</summary>
    public const int Usage = 2;

    /// <summary>Something named does not exist: an identity, an input file.</summary>
    public const int NotFound = 3;

    /// <summary>Input exists but is not valid: a corrupt identity file, a malformed request file.</summary>
    public const int InvalidData = 4;

    /// <summary>The network request could not complete: connection refused, DNS, TLS, timeout.</summary>
    public const int Network = 5;

    /// <summary>A local file could not be read or written (permissions, disk full).</summary>
    public const int IoError = 6;

    /// <summary>A bug: an unexpected exception (reported in one line, never as a stack trace).</summary>
    public const int Internal = 70;
}
