namespace Sigilum.Protocol.Errors;

/// <summary>What kind of code a catalogue entry is, which says what its status number means.</summary>
public enum ErrorKind
{
    /// <summary>An HTTP answer; the status is its HTTP status code.</summary>
    Http,

    /// <summary>A command-line failure only (one stderr line); the status is the process exit code.</summary>
    CliExit,

    /// <summary>
    /// Not an error answer of its own: a decision reason (MCP tool policy, attestation decisions in a 200 body) or a
    /// rule code named inside another code's answer or a command's output (SIG_*, AUDIT_* findings). Status is 0.
    /// </summary>
    Reason,

    /// <summary>Not an answer: written to the log and the node's status (trust in the control plane). Status is 0.</summary>
    Logged,
}
