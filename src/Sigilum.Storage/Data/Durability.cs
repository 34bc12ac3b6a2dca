namespace Sigilum.Storage.Data;

/// <summary>
/// How a write must commit. SQLite's <c>synchronous</c> setting is per connection, so each write picks the level its
/// data needs; PostgreSQL commits every transaction durably (<c>synchronous_commit</c> is the server's) and ignores it.
/// </summary>
internal enum Durability
{
    /// <summary>
    /// <c>synchronous=NORMAL</c>: in WAL mode a commit survives a process crash, but the last commits
    /// before a power loss or OS crash may roll back. Fine for usage events, last-seen stamps and leases.
    /// </summary>
    Normal,

    /// <summary>
    /// <c>synchronous=FULL</c>: the WAL is fsynced before the commit returns. For writes whose loss
    /// would reopen a hole after a power cut: nonces (a replay after restart, RPL-08), revocations and
    /// other claim transitions, consumed sign-in links, revoked keys.
    /// </summary>
    Full,
}
