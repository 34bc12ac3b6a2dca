using System.CommandLine;

namespace Sigilum.Cli.Audit;

/// <summary><c>sigilum audit</c>: the gateway's tamper-evident audit trail.</summary>
internal static class AuditCommand
{
    public static Command Create(CliContext context)
    {
        return CommandDeclaration.Group("audit", AuditVerifyCommand.Create(context), AuditTailCommand.Create(context));
    }
}
