using Sigilum.Core.Claims;

namespace Sigilum.Core.Storage.Providers;

/// <summary>The claim row and the change-feed row: column list and mapping side by side so their order cannot drift.</summary>
internal static class ClaimRows
{
    public const string Columns =
        "namespace, service, public_key, id, agent_id, agent_name, subject, agent_ip, status, " +
        "created_at, updated_at, approved_at, revoked_at, expires_at, allowed_subjects, reason, approved_by";

    /// <summary>How many <see cref="Columns"/> there are: the ordinal of a value selected after them.</summary>
    public const int ColumnCount = 17;

    public static ClaimRecord Read(StoredRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return new()
        {
            Namespace = row.GetString(0),
            Service = row.GetString(1),
            PublicKey = row.GetString(2),
            Id = row.GetString(3),
            AgentId = row.StringOrNull(4),
            AgentName = row.StringOrNull(5),
            Subject = row.StringOrNull(6),
            AgentIp = row.StringOrNull(7),
            Status = EnumText.ToClaimStatus(row.GetString(8)),
            CreatedAt = row.Time(9),
            UpdatedAt = row.Time(10),
            ApprovedAt = row.TimeOrNull(11),
            RevokedAt = row.TimeOrNull(12),
            ExpiresAt = row.TimeOrNull(13),
            AllowedSubjects = row.StringList(14),
            Reason = row.StringOrNull(15),
            ApprovedBy = row.StringOrNull(16),
        };
    }

    /// <summary>
    /// A change-feed entry from <c>seq, namespace, claim, at</c>, the claim selected as JSON text (how
    /// that is spelled differs by provider, so the select list stays with each provider's query).
    /// </summary>
    public static ClaimChange ReadChange(StoredRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return new()
        {
            Seq = row.GetInt64(0),
            Namespace = row.GetString(1),
            Claim = ClaimSnapshot.Deserialize(row.GetString(2)),
            At = row.Time(3),
        };
    }
}
