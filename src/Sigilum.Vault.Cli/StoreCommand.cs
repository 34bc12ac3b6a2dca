using System.CommandLine;
using System.Text.Json.Nodes;
using Sigilum.Vault.Store;

namespace Sigilum.Vault.Cli;

/// <summary>
/// The two shapes the configuration groups (trust, agents, backends, routes) share: <c>list</c> prints the store's
/// rows as a table or JSON, and <c>remove</c>/<c>revoke</c> takes one id, changes the store and says so. Each command's
/// file keeps what is its own: the store call, the table and its not-found message (its help is in the manual).
/// </summary>
internal static class StoreCommand
{
    public static Command List<T>(
        VaultCliContext context,
        Func<VaultStore, CancellationToken, Task<IReadOnlyList<T>>> load,
        Func<IReadOnlyList<T>, JsonObject> json,
        TableReport<T> table)
    {
        var home = CommonOptions.Home();
        var asJson = CommonOptions.Json();
        return CommandDeclaration.Define("list", home, asJson).WithAction(async (parseResult, cancellationToken) =>
        {
            await using var store = await context.OpenStoreAsync(parseResult, home, cancellationToken);
            var rows = await load(store, cancellationToken);
            return context.Output.ReportTable(parseResult.GetValue(asJson), () => json(rows), rows, table);
        });
    }

    /// <summary>
    /// <c>&lt;group&gt; remove &lt;id&gt;</c> (or <c>revoke</c>): <paramref name="change"/> changes the store and throws
    /// <see cref="CliException"/> when there is nothing to change. The answer names the command, the argument and what
    /// was done: <c>{command, &lt;argument&gt;: id, removed: true}</c>, or "Removed &lt;noun&gt; &lt;id&gt;." for people.
    /// </summary>
    /// <param name="context">The command line's context.</param>
    /// <param name="command">The full command, e.g. <c>routes remove</c>; its last word is the command's name.</param>
    /// <param name="id">The one argument: what to remove; its name is the JSON answer's key.</param>
    /// <param name="noun">What it is, for people (<c>route</c>); empty when the id says it (agents).</param>
    /// <param name="change">Changes the store.</param>
    public static Command Remove(
        VaultCliContext context,
        string command,
        Argument<string> id,
        string noun,
        Func<VaultStore, string, CancellationToken, Task> change)
    {
        var name = command[(command.LastIndexOf(' ') + 1)..];
        var done = char.ToUpperInvariant(name[0]) + name[1..] + "d";
        var home = CommonOptions.Home();
        var asJson = CommonOptions.Json();
        return CommandDeclaration.Define(name, id, home, asJson).WithAction(async (parseResult, cancellationToken) =>
        {
            await using var store = await context.OpenStoreAsync(parseResult, home, cancellationToken);
            var value = parseResult.GetValue(id)!;
            await change(store, value, cancellationToken);
            return context.Output.Report(parseResult.GetValue(asJson),
                () => new JsonObject { ["command"] = command, [id.Name] = value, [name + "d"] = true },
                output => output.Out.WriteLine(noun.Length == 0 ? $"{done} {value}." : $"{done} {noun} {value}."));
        });
    }

    /// <summary>For <see cref="Remove"/>: a store change that reports whether it found its row; not found is exit 3.</summary>
    public static async Task Require(Task<bool> changed, string notFound)
    {
        ArgumentNullException.ThrowIfNull(changed);
        if (!await changed)
        {
            throw new CliException(ExitCodes.NotFound, notFound);
        }
    }
}
