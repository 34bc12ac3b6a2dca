namespace Sigilum.Protocol.Audit;

/// <summary>
/// What one JSON-lines audit file (<c>audit.jsonl</c> or <c>checkpoints.jsonl</c>) holds: the entries that parse, and
/// how many lines do not. A last line without its newline that does not parse is a write cut short by a crash (or the
/// zeros a live log is preallocated with, ADR 0031) and counts as neither. Read with <see cref="AuditFileParser"/>.
/// </summary>
/// <typeparam name="T"><see cref="AuditRecord"/> or <see cref="AuditCheckpoint"/>.</typeparam>
/// <param name="Entries">The lines that parse, in file order.</param>
/// <param name="Invalid">How many complete lines do not parse.</param>
/// <param name="FirstInvalidLine">The 1-based line number of the first that does not, if any.</param>
/// <param name="FirstInvalidReason">Why that line does not parse.</param>
public sealed record AuditLines<T>(IReadOnlyList<T> Entries, int Invalid, int? FirstInvalidLine, string? FirstInvalidReason);
