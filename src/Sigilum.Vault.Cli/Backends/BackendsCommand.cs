using System.CommandLine;
using System.Text.Json.Nodes;
using Sigilum.Vault.Hosting;
using Sigilum.Vault.Store;
using Spectre.Console;

namespace Sigilum.Vault.Cli.Backends;

/// <summary><c>sigil-vault backends add|list|test|remove</c>: where credentials come from (never stored by the vault).</summary>
internal static class BackendsCommand
{
    private static readonly System.Text.RegularExpressions.Regex NamePattern = new("^[a-z0-9][a-z0-9._-]{0,63}$", System.Text.RegularExpressions.RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    public static Command Create(VaultCliContext context)
    {
        var command = new Command("backends", "Add, list, test and remove credential backends.") { Add(context), List(context), Test(context), Remove(context) };
        context.Examples.AddDetails(command,
            $"Kinds in this build: {string.Join(", ", BackendChecks.Kinds)}. `env` reads the secret from a variable in the proxy's own environment " +
            "(the route's --secret names the variable; development only). Options are validated when added; `backends test` checks connectivity " +
            "and authentication without fetching or printing a secret.");
        context.Examples.Add(command, "sigil-vault backends add --name dev --kind env", "sigil-vault backends test dev");
        return command;
    }

    private static Command Add(VaultCliContext context)
    {
        var name = new Option<string>("--name") { Description = "Backend name (lower-case letters, digits, . _ -).", Required = true, HelpName = "name" };
        var kind = new Option<string>("--kind") { Description = $"One of: {string.Join(", ", BackendChecks.Kinds)}.", Required = true, HelpName = "kind" };
        var options = new Option<string?>("--options") { Description = "Kind-specific options as k=v,k=v.", HelpName = "k=v,…" };
        var home = CommonOptions.Home();
        var json = CommonOptions.Json();
        var command = new Command("add", "Add a credential backend (options are validated first).") { name, kind, options, home, json };
        context.Examples.Add(command, "sigil-vault backends add --name dev --kind env", "sigil-vault backends add --name dev --kind env --options prefix=VAULT_");
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var backendName = parseResult.GetValue(name)!;
            if (!NamePattern.IsMatch(backendName))
            {
                throw new CliException(ExitCodes.Usage, "--name must be 1-64 of a-z 0-9 . _ - (starting with a letter or digit).");
            }
            var parsed = ParseOptions(parseResult.GetValue(options));
            var config = new BackendConfig(backendName, parseResult.GetValue(kind)!, parsed, context.Environment.Time.GetUtcNow());
            var errors = await BackendChecks.ValidateAsync(config, context.Environment.Time);
            if (errors.Count > 0)
            {
                throw new CliException(ExitCodes.Usage, string.Join(" ", errors));
            }
            var store = await context.OpenStoreAsync(parseResult, home, cancellationToken);
            if (!await store.AddBackendAsync(config, cancellationToken))
            {
                throw new CliException(ExitCodes.Usage, $"A backend named '{backendName}' already exists.");
            }
            if (parseResult.GetValue(json))
            {
                context.Output.WriteJson(new JsonObject { ["command"] = "backends add", ["backend"] = ToJson(config) });
            }
            else
            {
                context.Output.Out.WriteLine($"Added backend {backendName} ({config.Kind}).");
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command List(VaultCliContext context)
    {
        var home = CommonOptions.Home();
        var json = CommonOptions.Json();
        var command = new Command("list", "List backends.") { home, json };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var store = await context.OpenStoreAsync(parseResult, home, cancellationToken);
            var backends = await store.ListBackendsAsync(cancellationToken);
            if (parseResult.GetValue(json))
            {
                context.Output.WriteJson(new JsonObject { ["command"] = "backends list", ["backends"] = new JsonArray([.. backends.Select(ToJson)]) });
                return ExitCodes.Ok;
            }
            if (backends.Count == 0)
            {
                context.Output.Out.WriteLine("No backends. Add one with: sigil-vault backends add --name <name> --kind env");
                return ExitCodes.Ok;
            }
            var table = new Table().AddColumns("name", "kind", "options");
            foreach (var b in backends)
            {
                table.AddRow(new Text(b.Name), new Text(b.Kind), new Text(string.Join(",", b.Options.Select(o => o.Key + "=" + o.Value))));
            }
            context.Output.Console.Write(table);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Test(VaultCliContext context)
    {
        var name = new Argument<string>("name") { Description = "The backend to test." };
        var home = CommonOptions.Home();
        var json = CommonOptions.Json();
        var command = new Command("test", "Check a backend's connectivity and authentication (no secret is fetched or printed).") { name, home, json };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var store = await context.OpenStoreAsync(parseResult, home, cancellationToken);
            var backendName = parseResult.GetValue(name)!;
            var config = (await store.ListBackendsAsync(cancellationToken)).FirstOrDefault(b => b.Name == backendName)
                ?? throw new CliException(ExitCodes.NotFound, $"No backend '{backendName}'.");
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(10));
            var error = await BackendChecks.TestAsync(config, context.Environment.Time, context.Environment.GetVariable, timeout.Token);
            if (parseResult.GetValue(json))
            {
                context.Output.WriteJson(new JsonObject { ["command"] = "backends test", ["name"] = backendName, ["ok"] = error is null, ["code"] = error?.Code, ["message"] = error?.Message });
            }
            else
            {
                context.Output.Out.WriteLine(error is null ? $"{backendName}: ok" : $"{backendName}: {error.Value.Code}: {error.Value.Message}");
            }
            return error is null ? ExitCodes.Ok : ExitCodes.CheckFailed;
        });
        return command;
    }

    private static Command Remove(VaultCliContext context)
    {
        var name = new Argument<string>("name") { Description = "The backend to remove (no route may use it)." };
        var home = CommonOptions.Home();
        var json = CommonOptions.Json();
        var command = new Command("remove", "Remove a backend no route uses.") { name, home, json };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var store = await context.OpenStoreAsync(parseResult, home, cancellationToken);
            var backendName = parseResult.GetValue(name)!;
            switch (await store.RemoveBackendAsync(backendName, cancellationToken))
            {
                case "not_found":
                    throw new CliException(ExitCodes.NotFound, $"No backend '{backendName}'.");
                case "in_use":
                    throw new CliException(ExitCodes.Usage, $"Routes still use '{backendName}'; remove them first (sigil-vault routes list).");
            }
            if (parseResult.GetValue(json))
            {
                context.Output.WriteJson(new JsonObject { ["command"] = "backends remove", ["name"] = backendName, ["removed"] = true });
            }
            else
            {
                context.Output.Out.WriteLine($"Removed backend {backendName}.");
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    internal static Dictionary<string, string> ParseOptions(string? text)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(text))
        {
            return options;
        }
        foreach (var pair in text.Split(','))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new CliException(ExitCodes.Usage, $"--options: '{pair}' is not k=v.");
            }
            var key = pair[..eq].Trim();
            if (!options.TryAdd(key, pair[(eq + 1)..].Trim()))
            {
                throw new CliException(ExitCodes.Usage, $"--options: '{key}' is given twice.");
            }
        }
        return options;
    }

    private static JsonObject ToJson(BackendConfig b)
    {
        var options = new JsonObject();
        foreach (var (key, value) in b.Options)
        {
            options[key] = value;
        }
        return new JsonObject { ["name"] = b.Name, ["kind"] = b.Kind, ["options"] = options };
    }
}
