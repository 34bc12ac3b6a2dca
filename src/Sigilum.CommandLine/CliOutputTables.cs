using System.Text.Json.Nodes;
using Spectre.Console;

namespace Sigilum.CommandLine;

/// <summary>The list commands' answer: the JSON document with <c>--json</c>, else a table, or one line when empty.</summary>
public static class CliOutputTables
{
    public static int ReportTable<T>(this CliOutput output, bool asJson, Func<JsonNode> json, IEnumerable<T> rows, TableReport<T> table)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(table);
        var items = rows as IReadOnlyCollection<T> ?? [.. rows];
        return output.Report(asJson, json, text =>
        {
            if (items.Count == 0)
            {
                text.Out.WriteLine(table.Empty);
                return;
            }
            var grid = new Table().AddColumns([.. table.Columns]);
            foreach (var row in items)
            {
                grid.AddRow([.. table.Cells(row).Select(cell => new Text(cell))]);
            }
            text.Console.Write(grid);
        });
    }
}
