using System.Text.Json.Nodes;

namespace Sigilum.OpenClaw.Hosting;

/// <summary>One handler call: the node process (its log lines) and the event as the hook left it.</summary>
internal sealed record HookRun(ProcessResult Process, JsonObject Event)
{
    /// <summary>What the hook printed with console.log (stdout, without the driver's result line).</summary>
    public string Log => Process.Stdout[..Math.Max(0, Process.Stdout.LastIndexOf(HookSandbox.ResultMarker, StringComparison.Ordinal))];

    /// <summary>What the hook printed with console.error.</summary>
    public string Errors => Process.Stderr;

    public IReadOnlyList<string> Messages => Event["messages"]!.AsArray().Select(m => m!.GetValue<string>()).ToList();

    public JsonArray BootstrapFiles => Event["context"]!["bootstrapFiles"]!.AsArray();
}
