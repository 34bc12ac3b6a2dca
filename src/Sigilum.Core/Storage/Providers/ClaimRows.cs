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

    public static readonly Func<StoredRow, ClaimRecord> Read = RowMap.Of<ClaimRecord>(Columns);

    /// <summary>
    /// A change-feed entry from <c>seq, namespace, claim, at</c>, the claim selected as JSON text (how
    /// that is spelled differs by provider, so the select list stays with each provider's query).
    /// </summary>
    public static readonly Func<StoredRow, ClaimChange> ReadChange = RowMap.Of<ClaimChange>("seq, namespace, claim, at");
}
