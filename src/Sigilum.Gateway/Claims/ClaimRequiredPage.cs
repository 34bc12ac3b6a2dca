using System.Globalization;
using System.Text;

namespace Sigilum.Gateway.Claims;

/// <summary>
/// Renders the one non-JSON gateway error (spec §3.2): a Markdown page written for LLM agents, so an
/// agent that hits an unapproved connection tells its user what to approve instead of retrying or
/// reporting a gateway bug. Sections and labels follow Sigilum's page; agent helpers detect it by the
/// title and by the phrase "Sigilum verified your signature" (OpenClaw, spec §3.2, §6.2).
/// </summary>
internal static class ClaimRequiredPage
{
    public const string Title = "# HTTP 403 AUTH_CLAIM_REQUIRED: Sigilum Authorization Required";

    /// <summary>Longest agent key shown (spec §3.2).</summary>
    public const int MaxAgentKeyLength = 96;

    /// <summary>Longest claim API message or failure reason shown.</summary>
    public const int MaxMessageLength = 220;

    private const string Unknown = "(unknown)";

    // 76 columns inside a fenced block, so Markdown renderers keep it as drawn.
    private const string WarningBox = """
        ~~~text
        +--------------------------------------------------------------------------+
        |  /!\  ACCESS BLOCKED: AUTHORIZATION REQUIRED                             |
        |                                                                          |
        |  Sigilum verified your signature, but your key has no active approval    |
        |  for this service. The gateway keeps the service credential locked       |
        |  until the namespace owner approves this key.                            |
        |                                                                          |
        |  This happens on first use of a service, and again after an approval     |
        |  was revoked or expired. It means: authorization is required now.        |
        +--------------------------------------------------------------------------+
        ~~~
        """;

    public static string Render(ClaimRequiredContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var ns = Inline(context.Namespace) ?? Unknown;
        var page = new StringBuilder(2048);
        page.Append(Title).Append("\n\n");
        page.Append(WarningBox).Append("\n\n");

        page.Append("## Request Context\n");
        page.Append("- Namespace: ").Append(ns).Append('\n');
        page.Append("- Subject: ").Append(Inline(context.Subject) ?? Unknown).Append('\n');
        page.Append("- Service: ").Append(Inline(context.Service) ?? Unknown).Append('\n');
        page.Append("- Agent key: ").Append(Inline(Truncate(context.AgentKey, MaxAgentKeyLength)) ?? Unknown).Append('\n');
        if (Inline(Truncate(context.AgentId, MaxMessageLength)) is { } agentId)
        {
            // Only agents that sign their id have this line, so pages for other callers stay as Sigilum's.
            page.Append("- Agent ID: ").Append(agentId).Append('\n');
        }
        page.Append("- Remote IP: ").Append(Inline(context.RemoteIp) ?? Unknown).Append("\n\n");

        page.Append("## Authorization Registration\n");
        AppendRegistration(page, context);
        page.Append('\n');

        page.Append("## Why this matters\n");
        page.Append("Sigilum fails closed: only keys the namespace owner approved may use a service's credentials, ");
        page.Append("so an unapproved call is refused before any credential is touched.\n\n");

        page.Append("## Agent Instruction\n");
        page.Append("- This is not a gateway fault and not a restart bug; do not report it as one.\n");
        page.Append("- Tell the user that this agent key needs their approval for the service now.\n");
        page.Append("- Once the user has approved it, retry the same request.\n\n");

        page.Append("## Next Step\n");
        page.Append(Inline(NextStep(context, ns))).Append('\n');
        return page.ToString();
    }

    private static void AppendRegistration(StringBuilder page, ClaimRequiredContext context)
    {
        if (!context.AutoRegisterEnabled || context.Filing is not { } filing)
        {
            page.Append("- Auto-registration: `disabled`\n");
            return;
        }
        page.Append("- Auto-registration: `enabled` (gateway)\n");
        page.Append("- Claim submit result: `").Append(filing.OutcomeText).Append("`\n");
        if (filing.Failure is { } failure)
        {
            page.Append("- Submit error: `").Append(Inline(Truncate(failure, MaxMessageLength))).Append("`\n");
        }
        if (filing.HttpStatus is { } status)
        {
            page.Append("- Claim API status: `").Append(status.ToString(CultureInfo.InvariantCulture)).Append("`\n");
        }
        AppendCode(page, "Claim ID", filing.ClaimId, int.MaxValue);
        AppendCode(page, "Claim state", filing.Status, int.MaxValue);
        AppendCode(page, "Claim API code", filing.Code, int.MaxValue);
        AppendCode(page, "Claim API message", filing.Message ?? filing.Error, MaxMessageLength);
    }

    private static void AppendCode(StringBuilder page, string label, string? value, int max)
    {
        if (Inline(Truncate(value, max)) is { } text)
        {
            page.Append("- ").Append(label).Append(": `").Append(text).Append("`\n");
        }
    }

    /// <summary>The next step, chosen by what the control plane said about the claim (spec §3.2).</summary>
    private static string NextStep(ClaimRequiredContext context, string ns)
    {
        if (!context.AutoRegisterEnabled || context.Filing is not { } filing || filing.Outcome is ClaimFilingOutcome.NoResponse or ClaimFilingOutcome.FailedBeforeResponse)
        {
            return "No claim could be filed automatically. Ask the user to review the access policy and approve this agent key for the service, then retry.";
        }
        if (string.Equals(filing.Code?.Trim(), ErrorCatalogue.SignatureNamespaceMismatch, StringComparison.OrdinalIgnoreCase))
        {
            return $"The gateway signs for another namespace than {ns}, so it cannot file claims for this agent. Restart the gateway with --namespace {ns} (or GATEWAY_SIGILUM_NAMESPACE={ns}), then retry.";
        }
        return filing.Status?.Trim().ToLowerInvariant() switch
        {
            "pending" => "A pending claim now waits for the namespace owner. Ask the user to approve this agent key for the service, then retry.",
            "approved" => "The claim is already approved. Retry once; if the request is still refused, ask the user to re-approve and check that namespace and key match.",
            "rejected" => "The claim was rejected by the owner or by policy. Ask the user to review the policy and approve again, then retry.",
            _ => "Ask the user to check the claim in the dashboard and approve this agent key for the service if appropriate, then retry.",
        };
    }

    private static string? Truncate(string? value, int max)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed) || trimmed.Length <= max)
        {
            return trimmed;
        }
        return trimmed[..max].TrimEnd() + "...";
    }

    /// <summary>One line of plain Markdown text: backticks become <c>'</c>, line breaks a space (spec §3.2).</summary>
    private static string? Inline(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        var text = value.Replace('`', '\'').Replace('\r', ' ').Replace('\n', ' ').Trim();
        return text.Length == 0 ? null : text;
    }
}
