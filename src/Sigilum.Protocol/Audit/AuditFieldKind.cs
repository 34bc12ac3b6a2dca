namespace Sigilum.Protocol.Audit;

/// <summary>What an <see cref="AuditField"/> holds.</summary>
internal enum AuditFieldKind
{
    Absent,
    String,
    Int64,
    Strings,
    Boolean,
    Null,
    Time,
    Object,
}
