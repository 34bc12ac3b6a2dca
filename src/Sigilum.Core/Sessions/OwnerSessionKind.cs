namespace Sigilum.Core.Sessions;

/// <summary>What an owner credential is for.</summary>
public enum OwnerSessionKind
{
    /// <summary>A bearer token for the CLI.</summary>
    CliToken,

    /// <summary>A one-time dashboard sign-in link; consumed on first use.</summary>
    SignInLink,

    /// <summary>A dashboard browser session (cookie).</summary>
    Browser,

    /// <summary>
    /// A gateway pairing code: lets one gateway register its key in the namespace; single use, short-lived.
    /// The hash covers the session id and the code together.
    /// </summary>
    PairingCode,
}
