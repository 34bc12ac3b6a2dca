using System.CommandLine;
using System.Text.Json.Nodes;

namespace Sigilum.Cli.Identity;

/// <summary><c>sigilum whoami</c>: the identity commands would sign with.</summary>
internal static class WhoamiCommand
{
    public static Command Create(CliContext context)
    {
        var ns = CommonOptions.Namespace();
        var home = CommonOptions.Home();
        var json = CommonOptions.Json();
        return CommandDeclaration.Define("whoami", ns, home, json).WithAction(parseResult => Run(context, parseResult.GetValue(ns), parseResult.GetValue(home), parseResult.GetValue(json)));
    }

    private static int Run(CliContext context, string? ns, string? home, bool json)
    {
        var store = context.OpenStore(home);
        var record = context.LoadIdentity(store, ns);
        var path = store.GetIdentityPath(record.Namespace);
        return context.Output.Report(json, () => new JsonObject
        {
            ["command"] = "whoami",
            ["namespace"] = record.Namespace,
            ["did"] = record.Did,
            ["keyId"] = record.KeyId,
            ["publicKey"] = record.PublicKey,
            ["createdAt"] = record.CreatedAt,
            ["identityPath"] = path,
        }, output => IdentityView.Write(output.Console, record, path));
    }
}
