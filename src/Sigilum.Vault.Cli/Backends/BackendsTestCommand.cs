using System.CommandLine;
using System.Text.Json.Nodes;
using Sigilum.Vault.Hosting;

namespace Sigilum.Vault.Cli.Backends;

/// <summary><c>sigil-vault backends test</c>.</summary>
internal static class BackendsTestCommand
{
    public static Command Create(VaultCliContext context)
    {
        var name = new Argument<string>("name") { Description = "The backend to test." };
        var home = CommonOptions.Home();
        var json = CommonOptions.Json();
        return CommandDeclaration.Define("test", name, home, json).WithAction(async (parseResult, cancellationToken) =>
        {
            await using var store = await context.OpenStoreAsync(parseResult, home, cancellationToken);
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
    }
}
