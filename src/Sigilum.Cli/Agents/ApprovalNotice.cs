using System.Text.RegularExpressions;
using Sigilum.Protocol.Errors;

namespace Sigilum.Cli.Agents;

/// <summary>
/// The <c>APPROVAL_*</c> fields printed when the gateway says the agent's key needs the owner's approval: a 401/403
/// that is the gateway's authorization page (<c>X-Sigilum-Code: AUTH_CLAIM_REQUIRED</c>, or the page's phrase
/// "Sigilum verified your signature" that Sigilum's helper looks for). Other 401/403 answers (a bad signature, an
/// expired approval stream) are not approval requests and print none: telling the owner to approve would not help.
/// </summary>
internal sealed partial record ApprovalNotice
{
    public const string ClaimRequiredCode = ErrorCatalogue.AuthClaimRequired;
    public const string PagePhrase = "Sigilum verified your signature";

    public const string Message =
        "HTTP 403 AUTH_CLAIM_REQUIRED: this agent key has no active approval for the service (new, revoked, or expired). " +
        "Ask the namespace owner to approve it (dashboard, or `sigilum claims approve <claim-id>`) and retry.";

    public required string Namespace { get; init; }

    public required string AgentId { get; init; }

    public required string Subject { get; init; }

    public required string PublicKey { get; init; }

    public required string Service { get; init; }

    /// <summary>The pending claim's id when the gateway's page names one.</summary>
    public string? ClaimId { get; init; }

    public static bool IsApprovalRequest(AgentReply reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        return reply.Status is 401 or 403 &&
            (string.Equals(reply.Code, ClaimRequiredCode, StringComparison.Ordinal) || reply.Body.Contains(PagePhrase, StringComparison.Ordinal));
    }

    /// <summary>The notice for <paramref name="reply"/>, or null when it is not an approval request.</summary>
    public static ApprovalNotice? For(AgentReply reply, AgentSettings settings, string publicKey, string connection)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (!IsApprovalRequest(reply))
        {
            return null;
        }
        var claim = ClaimIdLine().Match(reply.Body);
        return new ApprovalNotice
        {
            Namespace = settings.Namespace,
            AgentId = settings.Agent.AgentId,
            Subject = settings.Subject.Subject,
            PublicKey = publicKey,
            Service = connection,
            ClaimId = claim.Success ? claim.Groups["id"].Value : null,
        };
    }

    /// <summary>The lines as Sigilum's helper prints them, then the claim id when known.</summary>
    public IEnumerable<string> Lines()
    {
        yield return "APPROVAL_REQUIRED=true";
        yield return "APPROVAL_NAMESPACE=" + Namespace;
        yield return "APPROVAL_AGENT_ID=" + AgentId;
        yield return "APPROVAL_SUBJECT=" + Subject;
        yield return "APPROVAL_PUBLIC_KEY=" + PublicKey;
        yield return "APPROVAL_SERVICE=" + Service;
        yield return "APPROVAL_MESSAGE=" + Message;
        if (ClaimId is not null)
        {
            yield return "APPROVAL_CLAIM_ID=" + ClaimId;
        }
    }

    // The gateway's page: "- Claim ID: `<id>`" (ClaimRequiredPage); ids are opaque but never hold a backtick or space.
    [GeneratedRegex(@"^- Claim ID: `(?<id>[A-Za-z0-9._:-]{1,128})`\s*$", RegexOptions.Multiline | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex ClaimIdLine();
}
