using Sigilum.Protocol.Audit;

namespace Sigilum.Core.Audit;

/// <summary>What <see cref="AuditFileReader.ParseCheckpoints"/> found: the parsed checkpoints and the bad lines.</summary>
/// <param name="Checkpoints">Every checkpoint that parsed, in file order.</param>
/// <param name="Invalid">The lines that did not parse (1-based), with the reason; a torn last line is not among them.</param>
/// <param name="ParsedBeforeFirstInvalid">How many of <paramref name="Checkpoints"/> come before the first invalid line (all when none is).</param>
public sealed record AuditCheckpointRead(List<AuditCheckpoint> Checkpoints, IReadOnlyList<(int Line, string Reason)> Invalid, int ParsedBeforeFirstInvalid);
