using Sigilum.Core.Claims;
using Sigilum.Core.Storage.Providers;
using Sigilum.Storage.Data;

namespace Sigilum.Storage.Claims;

/// <summary>The claim row's statements and parameters; its column list and mapping are <see cref="ClaimRows"/>.</summary>
internal sealed partial class SqlClaimStore
{
    private const string UpsertSql = $"""
        INSERT INTO claims ({ClaimRows.Columns})
        VALUES (@ns, @service, @key, @id, @agent_id, @agent_name, @subject, @agent_ip, @status,
                @created_at, @updated_at, @approved_at, @revoked_at, @expires_at, @allowed_subjects, @reason, @approved_by)
        ON CONFLICT (namespace, service, public_key) DO UPDATE SET
            id = excluded.id, agent_id = excluded.agent_id, agent_name = excluded.agent_name,
            subject = excluded.subject, agent_ip = excluded.agent_ip, status = excluded.status,
            created_at = excluded.created_at, updated_at = excluded.updated_at,
            approved_at = excluded.approved_at, revoked_at = excluded.revoked_at,
            expires_at = excluded.expires_at, allowed_subjects = excluded.allowed_subjects, reason = excluded.reason,
            approved_by = excluded.approved_by
        RETURNING {ClaimRows.Columns}
        """;

    /// <summary>The key columns (namespace, service, key), the id and created_at never change in a transition.</summary>
    private const string TransitionSql = $"""
        UPDATE claims SET
            agent_id = @agent_id, agent_name = @agent_name, subject = @subject, agent_ip = @agent_ip,
            status = @status, updated_at = @updated_at, approved_at = @approved_at, revoked_at = @revoked_at,
            expires_at = @expires_at, allowed_subjects = @allowed_subjects, reason = @reason, approved_by = @approved_by
        WHERE id = @id AND status = @expected
        RETURNING {ClaimRows.Columns}
        """;

    private static SqlStatement Bind(SqlStatement command, ClaimRecord claim) => command
        .With("@ns", claim.Namespace).With("@service", claim.Service).With("@key", claim.PublicKey).With("@id", claim.Id)
        .With("@agent_id", claim.AgentId).With("@agent_name", claim.AgentName).With("@subject", claim.Subject)
        .With("@agent_ip", claim.AgentIp).With("@status", EnumText.Of(claim.Status))
        .With("@created_at", claim.CreatedAt).With("@updated_at", claim.UpdatedAt)
        .With("@approved_at", claim.ApprovedAt).With("@revoked_at", claim.RevokedAt)
        .With("@expires_at", claim.ExpiresAt).With("@allowed_subjects", claim.AllowedSubjects)
        .With("@reason", claim.Reason).With("@approved_by", claim.ApprovedBy);
}
