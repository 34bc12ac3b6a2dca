using System.CommandLine;
using System.Text.Json.Nodes;
using Sigilum.Vault.Store;

namespace Sigilum.Vault.Cli;

/// <summary>
/// The two shapes the configuration groups (trust, agents, backends, routes) share: <c>list</c> prints the store's
/// rows as a table or JSON, and <c>remove</c>/<c>revoke</c> takes one id, changes the store and says so. Each command's
/// file keeps what is its own: texts, the store call and its not-found message.
/// </summary>
internal static class StoreCommand
{
    public static Command List<T>(
        VaultCliContext context,
        string description,
        CommandManual manual,
        Func<VaultStore, CancellationToken, Task<IReadOnlyList<T>>> load,
        Func<IReadOnlyList<T>, JsonObject> json,
        TableReport<T> table)
    {
        var home = CommonOptions.Home();
        var asJson = CommonOptions.Json();
        var command = context.Examples.Define("list", description, manual, home, asJson);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var store = await context.OpenStoreAsync(parseResult, home, cancellationToken);
            var rows = await load(store, cancellationToken);
            return context.Output.ReportTable(parseResult.GetValue(asJson), () => json(rows), rows, table);
        });
        return command;
    }

    /// <param name="context">The command line's context.</param>
    /// <param name="name">The command's name (<c>remove</c>, <c>revoke</c>).</param>
    /// <param name="id">The one argument: what to remove.</param>
    /// <param name="description">The command's one-line description.</param>
    /// <param name="manual">Its help's details and examples.</param>
    /// <param name="change">Changes the store; throws <see cref="CliException"/> when there is nothing to change.</param>
    /// <param name="json">The <c>--json</c> answer for the id.</param>
    /// <param name="text">The answer for people.</param>
    public static Command Remove(
        VaultCliContext context,
        string name,
        Argument<string> id,
        string description,
        CommandManual manual,
        Func<VaultStore, string, CancellationToken, Task> change,
        Func<string, JsonObject> json,
        Func<string, string> text)
    {
        var home = CommonOptions.Home();
        var asJson = CommonOptions.Json();
        var command = context.Examples.Define(name, description, manual, id, home, asJson);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var store = await context.OpenStoreAsync(parseResult, home, cancellationToken);
            var value = parseResult.GetValue(id)!;
            await change(store, value, cancellationToken);
            return context.Output.Report(parseResult.GetValue(asJson), () => json(value), output => output.Out.WriteLine(text(value)));
        });
        return command;
    }
}
