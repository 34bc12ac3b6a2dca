using System.Text.Json.Nodes;

namespace Sigilum.CommandLine;

/// <summary>The list commands' one answer: JSON with --json, else a table, or the empty line when there are no rows.</summary>
public sealed class CliOutputTablesTests
{
    private static readonly TableReport<(string Id, string Name)> Table =
        new("Nothing yet. Add one with: demo add", ["id", "name"], row => [row.Id, row.Name]);

    private static (int ExitCode, string Out) Report(bool asJson, params (string Id, string Name)[] rows)
    {
        using var stdout = new StringWriter();
        var output = new CliOutput(stdout, TextWriter.Null, new PlainEnvironment());
        var exitCode = output.ReportTable(asJson, () => new JsonObject { ["command"] = "demo list", ["count"] = rows.Length }, rows, Table);
        return (exitCode, stdout.ToString());
    }

    [Fact]
    public void ReportTable_Json_PrintsOnlyTheDocument()
    {
        var (exitCode, stdout) = Report(asJson: true, ("a1", "alpha"));

        Assert.Equal(ExitCodes.Ok, exitCode);
        var document = JsonNode.Parse(stdout)!;
        Assert.Equal("demo list", document["command"]!.GetValue<string>());
        Assert.Equal(1, document["count"]!.GetValue<int>());
    }

    [Fact]
    public void ReportTable_NoRows_PrintsTheEmptyLine()
    {
        var (exitCode, stdout) = Report(asJson: false);

        Assert.Equal(ExitCodes.Ok, exitCode);
        Assert.Equal("Nothing yet. Add one with: demo add\n", stdout.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void ReportTable_Rows_PrintsHeadingsAndCells()
    {
        var (_, stdout) = Report(asJson: false, ("a1", "alpha"), ("b2", "[beta]"));

        Assert.Contains("id", stdout, StringComparison.Ordinal);
        Assert.Contains("name", stdout, StringComparison.Ordinal);
        Assert.Contains("alpha", stdout, StringComparison.Ordinal);
        // Cells are text, not Spectre markup: brackets print as they are.
        Assert.Contains("[beta]", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("Nothing yet", stdout, StringComparison.Ordinal);
    }
}
