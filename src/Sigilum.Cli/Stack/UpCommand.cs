using System.CommandLine;
using System.Text.Json.Nodes;
using Sigilum.Protocol.Identity;
using Sigilum.Sdk.Identity;
using Spectre.Console;

namespace Sigilum.Cli.Stack;

/// <summary>
/// <c>sigilum up</c>: start the local stack on the embedded default. Today only the identity part of
/// the stack exists; the command makes sure there is one and says plainly which services this build
/// cannot start yet, instead of pretending.
/// </summary>
internal static class UpCommand
{
    /// <summary>The hosts of the local stack with their default ports; none is part of this build yet.</summary>
    private static readonly (string Name, int Port)[] Services = [("control-plane", 8787), ("gateway", 38100), ("vault", 10255)];

    public static Command Create(CliContext context)
    {
        var ns = CommonOptions.Namespace();
        var home = CommonOptions.Home();
        var json = CommonOptions.Json();
        var command = new Command("up", "Start the local stack (control plane, gateway, vault) on the embedded default store.")
        {
            ns, home, json,
        };
        context.Examples.AddDetails(command,
            "Uses the identity for --namespace (else $SIGILUM_NAMESPACE, else the only identity in the home directory) and " +
            "creates one when the home directory has none (named after --namespace, else your user name). " +
            "This build contains the protocol library, the SDK and the identity commands; the control plane (127.0.0.1:8787), " +
            "gateway (127.0.0.1:38100) and vault proxy (127.0.0.1:10255) are not part of it yet, and up says so rather than start nothing silently.");
        context.Examples.Add(command,
            "sigilum up",
            "sigilum up --namespace alice --json");
        command.SetAction(parseResult => Run(context, parseResult.GetValue(ns), parseResult.GetValue(home), parseResult.GetValue(json)));
        return command;
    }

    private static int Run(CliContext context, string? ns, string? home, bool json)
    {
        var store = context.OpenStore(home);
        var (record, created) = EnsureIdentity(context, store, ns);
        if (json)
        {
            context.Output.WriteJson(new JsonObject
            {
                ["command"] = "up",
                ["namespace"] = record.Namespace,
                ["did"] = record.Did,
                ["identityCreated"] = created,
                ["identityPath"] = store.GetIdentityPath(record.Namespace),
                ["started"] = new JsonArray(),
                ["notAvailable"] = new JsonArray([.. Services.Select(s => (JsonNode)JsonValue.Create(s.Name)!)]),
            });
            return ExitCodes.Ok;
        }
        var console = context.Output.Console;
        console.MarkupLine(created
            ? $"[green]Created identity[/] {Markup.Escape(record.Namespace)} ({Markup.Escape(record.Did)})."
            : $"Using identity {Markup.Escape(record.Namespace)} ({Markup.Escape(record.Did)}).");
        var table = new Table().AddColumns("service", "address", "status");
        foreach (var (name, port) in Services)
        {
            table.AddRow(name, $"127.0.0.1:{port}", "[yellow]not in this build yet[/]");
        }
        console.Write(table);
        console.MarkupLine("Nothing to start yet: this build has the protocol library, the SDK and the identity commands. " +
            "Try [bold]sigilum sign[/] and [bold]sigilum verify[/] (see [bold]sigilum --help[/]).");
        return ExitCodes.Ok;
    }

    private static (IdentityRecord Record, bool Created) EnsureIdentity(CliContext context, IdentityStore store, string? ns)
    {
        var existing = store.ListNamespaces();
        if (ns is null && context.Environment.GetVariable("SIGILUM_NAMESPACE") is null && existing.Count == 0)
        {
            ns = DefaultNamespace(context);
        }
        if (ns is not null && !existing.Contains(ns.Trim().ToLowerInvariant()))
        {
            var init = store.InitIdentity(ns, force: false);
            return init.IsSuccess ? (init.Value.Record, init.Value.Created) : throw CliContext.IdentityFailure(init.Error);
        }
        return (context.LoadIdentity(store, ns), false);
    }

    private static string DefaultNamespace(CliContext context)
    {
        var user = context.Environment.GetVariable("USER") ?? Environment.UserName;
        var candidate = new string([.. (user ?? string.Empty).ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-')]).Trim('-');
        return SigilumNamespace.IsValid(candidate) ? candidate : "local";
    }
}
