using System.CommandLine;

namespace Sigilum.Cli.Audit;

/// <summary><c>sigilum audit</c>: the gateway's tamper-evident audit trail.</summary>
internal static class AuditCommand
{
    public static Command Create(CliContext context)
    {
        return context.Examples.Group("audit", "Verify and read the gateway's hash-chained audit log.",
            new CommandManual(
                "The gateway writes a gateway.release record (fsynced) before it injects a credential and a gateway.outcome record " +
                "after the response, into $SIGILUM_HOME/gateway/audit/audit.jsonl; each record carries the hash of the one before, " +
                "and signed checkpoints (checkpoints.jsonl, also sent to the control plane's witness) pin the chain's head. " +
                "Records hold references (connection, agent key id, request id), never secrets.",
                "sigilum audit verify", "sigilum audit verify --witness", "sigilum audit tail -n 50", "sigilum audit tail -f"),
            AuditVerifyCommand.Create(context),
            AuditTailCommand.Create(context));
    }
}
