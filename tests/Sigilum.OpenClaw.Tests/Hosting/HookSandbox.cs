using System.Text.Json.Nodes;
using Sigilum.Testing;

namespace Sigilum.OpenClaw.Hosting;

/// <summary>
/// Runs a shipped hook's handler.js under the tests' Node 24 directly, without OpenClaw: a small driver imports the
/// handler, hands it an event shaped as OpenClaw's (docs/automation/hooks/event-types.md) and prints the event
/// afterwards, so a test sees what the hook changed, logged and wrote into a temp state directory.
/// </summary>
internal sealed class HookSandbox : IDisposable
{
    internal const string ResultMarker = "@@SIGILUM-HOOK-RESULT@@";

    private const string Driver = """
        import fs from "node:fs";
        import { pathToFileURL } from "node:url";
        const [mode, handlerPath, inputPath] = process.argv.slice(2);
        const mod = await import(pathToFileURL(handlerPath).href);
        const input = JSON.parse(fs.readFileSync(inputPath, "utf8"));
        let output;
        if (mode === "event") {
          input.messages ??= [];
          await mod.default(input);
          output = input;
        } else if (mode === "map") {
          output = await Promise.all(input.argsList.map((args) => mod[input.name](...args)));
        } else {
          output = await mod[input.name](...input.args);
        }
        process.stdout.write("\n@@SIGILUM-HOOK-RESULT@@" + JSON.stringify(output ?? null));
        """;

    private readonly TempDirectory _root = new("sigilum-hook-");
    private readonly OpenClawInstallation _installation = OpenClawInstallation.Require();

    public HookSandbox()
    {
        Directory.CreateDirectory(StateDirectory);
        ShippedAssets.WriteTo(StateDirectory);
        File.WriteAllText(DriverPath, Driver);
    }

    public string HomeDirectory => _root.Path;

    public string StateDirectory => Path.Combine(_root.Path, ".openclaw");

    public string KeyRoot => Path.Combine(StateDirectory, ".sigilum", "keys");

    public string SubjectHintsPath => Path.Combine(StateDirectory, ".sigilum", "subject-hints.json");

    private string DriverPath => Path.Combine(_root.Path, "driver.mjs");

    /// <summary>Calls the hook's default export with <paramref name="hookEvent"/>; returns the event as the hook left it.</summary>
    public async Task<HookRun> RunAsync(string hook, JsonObject hookEvent, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var result = await NodeAsync("event", hook, hookEvent, environment);
        return new HookRun(result, (JsonObject)Result(result)!);
    }

    /// <summary>Calls one named export of the hook's handler.js with JSON arguments.</summary>
    public async Task<JsonNode?> CallAsync(string hook, string export, JsonArray arguments, IReadOnlyDictionary<string, string?>? environment = null) =>
        Result(await NodeAsync("call", hook, new JsonObject { ["name"] = export, ["args"] = arguments }, environment));

    /// <summary>Calls one named export once per argument list, in one Node process.</summary>
    public async Task<JsonArray> MapAsync(string hook, string export, IEnumerable<JsonArray> argumentLists) =>
        (JsonArray)Result(await NodeAsync("map", hook, new JsonObject { ["name"] = export, ["argsList"] = new JsonArray([.. argumentLists]) }, null))!;

    /// <summary>Writes an executable sh script into the sandbox (a stand-in for the sigilum CLI).</summary>
    public string WriteScript(string name, string body)
    {
        var path = Path.Combine(_root.Path, name);
        File.WriteAllText(path, "#!/bin/sh\n" + body + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    private async Task<ProcessResult> NodeAsync(string mode, string hook, JsonObject input, IReadOnlyDictionary<string, string?>? extra)
    {
        var inputPath = Path.Combine(_root.Path, $"input-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(inputPath, input.ToJsonString());
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["HOME"] = HomeDirectory,
            ["OPENCLAW_STATE_DIR"] = StateDirectory,
            ["OPENCLAW_HOME"] = null,
            ["SIGILUM_MODE"] = null,
            ["SIGILUM_NAMESPACE"] = null,
            ["SIGILUM_GATEWAY_URL"] = null,
            ["SIGILUM_API_URL"] = null,
            ["SIGILUM_DASHBOARD_URL"] = null,
            ["SIGILUM_KEY_ROOT"] = null,
            ["SIGILUM_CLI_PATH"] = null,
            ["SIGILUM_AUTO_BOOTSTRAP_AGENTS"] = null,
            ["NO_COLOR"] = "1",
        };
        foreach (var (name, value) in extra ?? new Dictionary<string, string?>())
        {
            environment[name] = value;
        }
        var handler = Path.Combine(StateDirectory, "hooks", hook, "handler.js");
        return await ChildProcess.RunAsync(
            ChildProcess.StartInfo(_installation.Node, [DriverPath, mode, handler, inputPath], environment, _root.Path),
            TimeSpan.FromMinutes(1));
    }

    private static JsonNode? Result(ProcessResult result)
    {
        var marker = result.Stdout.LastIndexOf(ResultMarker, StringComparison.Ordinal);
        if (result.ExitCode != 0 || marker < 0)
        {
            throw new InvalidOperationException($"The hook driver failed: {result}");
        }
        return JsonNode.Parse(result.Stdout[(marker + ResultMarker.Length)..]);
    }

    public void Dispose() => _root.Dispose();
}
