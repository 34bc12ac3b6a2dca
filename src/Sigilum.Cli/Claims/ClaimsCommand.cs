using System.CommandLine;

namespace Sigilum.Cli.Claims;

/// <summary><c>sigilum claims</c>: agents' access requests and the owner's decisions.</summary>
internal static class ClaimsCommand
{
    public static Command Create(CliContext context)
    {
        return context.Examples.Group("claims", "List agents' access requests (claims) and approve, reject or revoke them.",
            new CommandManual(
                "A claim asks that one agent key may use one service of your namespace. It starts pending (filed by the agent, or " +
                "by the gateway on the agent's first call); you approve it (optionally for a limited time and for named subjects), " +
                "reject it, or later revoke it. Gateways learn each decision within a second. These are owner commands: sign in " +
                "first with `sigilum auth login` (`sigilum up` does it for the local control plane). " +
                "Exit codes: 3 unknown claim, 1 the claim is not in a state that allows the decision (e.g. revoking a pending " +
                "claim), 7 not signed in, 5 control plane unreachable.",
                "sigilum claims list --status pending",
                "sigilum claims approve cl_0123456789abcdef01234567 --expires-in 7d",
                "sigilum claims approve cl_0123456789abcdef01234567 --subject alice@example.test --subject bob@example.test",
                "sigilum claims reject cl_0123456789abcdef01234567",
                "sigilum claims revoke cl_0123456789abcdef01234567",
                "sigilum claims list --json | jq -r '.claims[] | select(.status == \"pending\") | .claim_id'"),
            ClaimsListCommand.Create(context),
            ClaimShowCommand.Create(context),
            ClaimDecisionCommand.Create(context, ClaimDecision.Approve),
            ClaimDecisionCommand.Create(context, ClaimDecision.Reject),
            ClaimDecisionCommand.Create(context, ClaimDecision.Revoke));
    }
}
