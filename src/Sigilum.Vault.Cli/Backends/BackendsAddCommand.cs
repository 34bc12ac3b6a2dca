using System.CommandLine;
using System.Text.Json.Nodes;
using Sigilum.Vault.Hosting;
using Sigilum.Vault.Store;

namespace Sigilum.Vault.Cli.Backends;

/// <summary><c>sigil-vault backends add</c>.</summary>
internal static class BackendsAddCommand
{
    public static Command Create(VaultCliContext context)
    {
        var name = new Option<string>("--name") { Description = "Backend name (lower-case letters, digits, . _ -).", Required = true, HelpName = "name" };
        var kind = new Option<string>("--kind") { Description = $"One of: {string.Join(", ", BackendChecks.Kinds)}.", Required = true, HelpName = "kind" };
        var options = new Option<string?>("--options") { Description = "Kind-specific options as k=v,k=v.", HelpName = "k=v,…" };
        var home = CommonOptions.Home();
        var json = CommonOptions.Json();
        return CommandDeclaration.Define("add", name, kind, options, home, json).WithAction(async (parseResult, cancellationToken) =>
        {
            var backendName = parseResult.GetValue(name)!;
            if (!BackendsCommand.NamePattern.IsMatch(backendName))
            {
                throw new CliException(ExitCodes.Usage, "--name must be 1-64 of a-z 0-9 . _ - (starting with a letter or digit).");
            }
            var parsed = BackendsCommand.ParseOptions(parseResult.GetValue(options));
            var config = new BackendConfig(backendName, parseResult.GetValue(kind)!, parsed, context.Environment.Time.GetUtcNow());
            var errors = await BackendChecks.ValidateAsync(config, context.Environment.Time);
            if (errors.Count > 0)
            {
                throw new CliException(ExitCodes.Usage, string.Join(" ", errors));
            }
            await using var store = await context.OpenStoreAsync(parseResult, home, cancellationToken);
            if (!await store.AddBackendAsync(config, cancellationToken))
            {
                throw new CliException(ExitCodes.Usage, $"A backend named '{backendName}' already exists.");
            }
            return context.Output.Report(parseResult.GetValue(json),
                () => new JsonObject { ["command"] = "backends add", ["backend"] = BackendsCommand.ToJson(config) },
                output => output.Out.WriteLine($"Added backend {backendName} ({config.Kind})."));
        });
    }
}
