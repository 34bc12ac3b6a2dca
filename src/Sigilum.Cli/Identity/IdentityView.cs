using Sigilum.Protocol.Identity;
using Spectre.Console;

namespace Sigilum.Cli.Identity;

/// <summary>The human view of an identity: public fields only, never the private key.</summary>
internal static class IdentityView
{
    public static void Write(IAnsiConsole console, IdentityRecord record, string path)
    {
        var grid = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
        AddRow(grid, "namespace", record.Namespace);
        AddRow(grid, "did", record.Did);
        AddRow(grid, "key id", record.KeyId);
        AddRow(grid, "public key", record.PublicKey);
        AddRow(grid, "created", record.CreatedAt);
        AddRow(grid, "file", path);
        console.Write(grid);
    }

    private static void AddRow(Grid grid, string label, string value) =>
        grid.AddRow(new Markup($"[grey]{label}[/]"), new Text(value));
}
