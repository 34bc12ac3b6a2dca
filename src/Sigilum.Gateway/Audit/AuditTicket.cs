namespace Sigilum.Gateway.Audit;

/// <summary>
/// Proof that a release was durably audited: its record's sequence number, which the outcome record
/// refers to (<c>release_seq</c>) so a verifier can pair them.
/// </summary>
internal sealed record AuditTicket(long Seq, string RequestId, string ConnectionId);
