using System.CommandLine;

namespace Sigilum.Vault.Cli.Audit;

/// <summary><c>sigil-vault audit tail|verify</c>.</summary>
internal static class AuditCommand
{
    public static Command Create(VaultCliContext context)
    {
        return CommandDeclaration.Group("audit", AuditTailCommand.Create(context), AuditVerifyCommand.Create(context));
    }
}
