using System.Text.Json.Nodes;

namespace Sigilum.Cli.OpenClaw;

/// <summary>One config key of the install plan: <c>set</c> (new or different value), <c>rewrite</c> (--force) or <c>unchanged</c>.</summary>
internal sealed record InstallConfigStep(string[] Path, JsonNode Value, string Action)
{
    public string Display => JsonTree.Display(Path);
}
