using Sigilum.Core.Connections;

namespace Sigilum.Gateway.Connections;

/// <summary>A credential variable as the admin API shows it: metadata only, never the value (spec §3.7).</summary>
internal sealed record CredentialVariableView(string Key, DateTime CreatedAt, DateTime UpdatedAt, string? CreatedBySubject)
{
    public static CredentialVariableView From(CredentialVariableRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new(record.Key, record.CreatedAt.UtcDateTime, record.UpdatedAt.UtcDateTime, record.CreatedBySubject);
    }
}
