using System.CommandLine;

namespace Sigilum.Cli.Claims;

/// <summary><c>sigilum claims</c>: agents' access requests and the owner's decisions.</summary>
internal static class ClaimsCommand
{
    public static Command Create(CliContext context)
    {
        return CommandDeclaration.Group("claims",
            ClaimsListCommand.Create(context),
            ClaimShowCommand.Create(context),
            ClaimDecisionCommand.Create(context, ClaimDecision.Approve),
            ClaimDecisionCommand.Create(context, ClaimDecision.Reject),
            ClaimDecisionCommand.Create(context, ClaimDecision.Revoke));
    }
}
