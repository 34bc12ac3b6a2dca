using Npgsql;
using NpgsqlTypes;
using Sigilum.Core.Claims;
using Sigilum.Storage.Postgres.Data;

namespace Sigilum.Storage.Postgres.Claims;

/// <summary>The claim row: column list, parameters and mapping kept side by side so their order cannot drift.</summary>
internal sealed partial class PostgresClaimStore
{
    private const int ColumnCount = 16;

    private const string Columns =
        "namespace, service, public_key, id, agent_id, agent_name, subject, agent_ip, status, " +
        "created_at, updated_at, approved_at, revoked_at, expires_at, allowed_subjects, reason";

    private const string UpsertSql = $"""
        INSERT INTO claims ({Columns})
        VALUES (@ns, @service, @key, @id, @agent_id, @agent_name, @subject, @agent_ip, @status,
                @created_at, @updated_at, @approved_at, @revoked_at, @expires_at, @allowed_subjects, @reason)
        ON CONFLICT (namespace, service, public_key) DO UPDATE SET
            id = excluded.id, agent_id = excluded.agent_id, agent_name = excluded.agent_name,
            subject = excluded.subject, agent_ip = excluded.agent_ip, status = excluded.status,
            created_at = excluded.created_at, updated_at = excluded.updated_at,
            approved_at = excluded.approved_at, revoked_at = excluded.revoked_at,
            expires_at = excluded.expires_at, allowed_subjects = excluded.allowed_subjects, reason = excluded.reason
        RETURNING {Columns}
        """;

    /// <summary>The key columns (namespace, service, key), the id and created_at never change in a transition.</summary>
    private const string TransitionSql = $"""
        UPDATE claims SET
            agent_id = @agent_id, agent_name = @agent_name, subject = @subject, agent_ip = @agent_ip,
            status = @status, updated_at = @updated_at, approved_at = @approved_at, revoked_at = @revoked_at,
            expires_at = @expires_at, allowed_subjects = @allowed_subjects, reason = @reason
        WHERE id = @id AND status = @expected
        RETURNING {Columns}
        """;

    private static NpgsqlCommand Bind(NpgsqlCommand command, ClaimRecord claim) => command
        .With("ns", claim.Namespace).With("service", claim.Service).With("key", claim.PublicKey).With("id", claim.Id)
        .With("agent_id", NpgsqlDbType.Text, claim.AgentId).With("agent_name", NpgsqlDbType.Text, claim.AgentName)
        .With("subject", NpgsqlDbType.Text, claim.Subject).With("agent_ip", NpgsqlDbType.Text, claim.AgentIp)
        .With("status", EnumText.Of(claim.Status))
        .With("created_at", PostgresValues.ToDb(claim.CreatedAt)).With("updated_at", PostgresValues.ToDb(claim.UpdatedAt))
        .With("approved_at", NpgsqlDbType.TimestampTz, PostgresValues.ToDb(claim.ApprovedAt))
        .With("revoked_at", NpgsqlDbType.TimestampTz, PostgresValues.ToDb(claim.RevokedAt))
        .With("expires_at", NpgsqlDbType.TimestampTz, PostgresValues.ToDb(claim.ExpiresAt))
        .With("allowed_subjects", PostgresValues.ToDb(claim.AllowedSubjects))
        .With("reason", NpgsqlDbType.Text, claim.Reason);

    private static ClaimRecord Read(NpgsqlDataReader reader) => new()
    {
        Namespace = reader.GetString(0),
        Service = reader.GetString(1),
        PublicKey = reader.GetString(2),
        Id = reader.GetString(3),
        AgentId = reader.StringOrNull(4),
        AgentName = reader.StringOrNull(5),
        Subject = reader.StringOrNull(6),
        AgentIp = reader.StringOrNull(7),
        Status = EnumText.ToClaimStatus(reader.GetString(8)),
        CreatedAt = reader.Time(9),
        UpdatedAt = reader.Time(10),
        ApprovedAt = reader.TimeOrNull(11),
        RevokedAt = reader.TimeOrNull(12),
        ExpiresAt = reader.TimeOrNull(13),
        AllowedSubjects = reader.StringList(14),
        Reason = reader.StringOrNull(15),
    };
}
