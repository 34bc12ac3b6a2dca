using System.CommandLine;
using System.Text.Json.Nodes;
using Spectre.Console;

namespace Sigilum.Cli.Identity;

/// <summary><c>sigilum init &lt;namespace&gt;</c>: create (or show) the agent identity for a namespace.</summary>
internal static class InitCommand
{
    public static Command Create(CliContext context)
    {
        var ns = new Argument<string>("namespace")
        {
            Description = "Namespace to create: 3-64 characters of a-z, 0-9 and '-' (trimmed and lower-cased).",
        };
        var force = new Option<bool>("--force")
        {
            Description = "Replace an existing identity with a new key (key rotation: approvals for the old key no longer apply).",
        };
        var home = CommonOptions.Home();
        var json = CommonOptions.Json();
        return CommandDeclaration.Define("init", ns, force, home, json).WithAction(parseResult => Run(
            context, parseResult.GetRequiredValue(ns), parseResult.GetValue(force), parseResult.GetValue(home), parseResult.GetValue(json)));
    }

    private static int Run(CliContext context, string ns, bool force, string? home, bool json)
    {
        var store = context.OpenStore(home);
        var result = store.InitIdentity(ns, force);
        if (!result.IsSuccess)
        {
            throw CliContext.IdentityFailure(result.Error);
        }
        var (created, record, path) = result.Value;
        return context.Output.Report(json, () => new JsonObject
        {
            ["command"] = "init",
            ["created"] = created,
            ["namespace"] = record.Namespace,
            ["did"] = record.Did,
            ["keyId"] = record.KeyId,
            ["publicKey"] = record.PublicKey,
            ["identityPath"] = path,
        }, output =>
        {
            var console = output.Console;
            if (created && force)
            {
                console.MarkupLineInterpolated($"[yellow]Rotated[/] identity [bold]{record.Namespace}[/]: a new key replaced the old one.");
            }
            else if (created)
            {
                console.MarkupLineInterpolated($"[green]Created[/] identity [bold]{record.Namespace}[/].");
            }
            else
            {
                console.MarkupLineInterpolated($"Identity [bold]{record.Namespace}[/] already exists (use --force to rotate its key).");
            }
            IdentityView.Write(console, record, path);
        });
    }
}
