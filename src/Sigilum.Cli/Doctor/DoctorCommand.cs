using System.CommandLine;
using System.Text.Json.Nodes;
using Sigilum.Cli.Gateway;
using Sigilum.Cli.Remote;
using Spectre.Console;

namespace Sigilum.Cli.Doctor;

/// <summary>
/// <c>sigilum doctor [--json] [--fix]</c>: checks identity, file modes, control plane, sign-in, gateway health and
/// registration, ports, clock and stores, each with a fix hint; <c>--fix</c> applies only safe local fixes (chmod).
/// </summary>
internal static class DoctorCommand
{
    public static Command Create(CliContext context)
    {
        var fix = new Option<bool>("--fix") { Description = "Apply the safe local fixes (file and directory modes) and list them." };
        var gatewayUrl = new Option<string?>("--gateway-url")
        {
            Description = "Gateway URL [default: $SIGILUM_GATEWAY_URL, else the gateway this home runs, else http://127.0.0.1:38100].",
            HelpName = "url",
        };
        var home = CommonOptions.Home();
        var ns = CommonOptions.Namespace();
        var apiUrl = CommonOptions.ApiUrl();
        var json = CommonOptions.Json();
        return CommandDeclaration.Define("doctor", fix, gatewayUrl, apiUrl, ns, home, json).WithAction(async (parseResult, cancellationToken) =>
        {
            var paths = context.ResolvePaths(parseResult.GetValue(home));
            var api = ApiUrl.Resolve(context, parseResult.GetValue(apiUrl), paths);
            var gateway = GatewayAdminClient.ResolveUrl(context, parseResult.GetValue(gatewayUrl), paths);
            var checks = await new DoctorRun(context, paths, parseResult.GetValue(ns), api, gateway).RunAsync(cancellationToken);
            var applied = new List<string>();
            if (parseResult.GetValue(fix))
            {
                checks = [.. checks.Select(c => Apply(c, applied))];
            }
            var failures = checks.Count(c => c.Status == DoctorCheck.Fail);
            var warnings = checks.Count(c => c.Status == DoctorCheck.Warn);
            var actions = checks.Where(c => c.Status is DoctorCheck.Fail or DoctorCheck.Warn && c.Fix is not null).Select(c => $"{c.Label}: {c.Fix}").ToList();
            context.Output.Report(parseResult.GetValue(json), () => new JsonObject
            {
                ["status"] = failures > 0 ? "fail" : warnings > 0 ? "warn" : "ok",
                ["ok"] = checks.Count(c => c.Status == DoctorCheck.Ok),
                ["warnings"] = warnings,
                ["failures"] = failures,
                ["checks"] = new JsonArray([.. checks.Select(c => (JsonNode)new JsonObject
                {
                    ["status"] = c.Status,
                    ["label"] = c.Label,
                    ["detail"] = c.Detail,
                    ["fix"] = c.Fix,
                })]),
                ["applied_fixes"] = new JsonArray([.. applied.Select(a => (JsonNode)JsonValue.Create(a))]),
                ["actions"] = new JsonArray([.. actions.Select(a => (JsonNode)JsonValue.Create(a))]),
            }, output => Print(context, checks, applied, failures, warnings));
            return failures > 0 ? ExitCodes.CheckFailed : ExitCodes.Ok;
        });
    }

    private static DoctorCheck Apply(DoctorCheck check, List<string> applied)
    {
        if (check.Repair is not { } repair || check.Status is DoctorCheck.Ok || OperatingSystem.IsWindows())
        {
            return check;
        }
        File.SetUnixFileMode(repair.Path, repair.Mode);
        var done = $"chmod {PermissionChecks.Octal(repair.Mode)[1..]} {repair.Path}";
        applied.Add(done);
        return new DoctorCheck(DoctorCheck.Ok, check.Label, $"fixed: {done}");
    }

    private static void Print(CliContext context, List<DoctorCheck> checks, List<string> applied, int failures, int warnings)
    {
        var console = context.Output.Console;
        var table = new Table().AddColumns("", "check", "detail", "fix");
        foreach (var check in checks)
        {
            var status = check.Status switch
            {
                DoctorCheck.Ok => "[green]OK[/]",
                DoctorCheck.Warn => "[yellow]WARN[/]",
                DoctorCheck.Fail => "[red]FAIL[/]",
                _ => "[grey]INFO[/]",
            };
            table.AddRow(new Markup(status), new Text(check.Label), new Text(check.Detail), new Text(check.Status is DoctorCheck.Ok ? string.Empty : check.Fix ?? string.Empty));
        }
        console.Write(table);
        foreach (var done in applied)
        {
            console.MarkupLine($"[green]fixed[/] {Markup.Escape(done)}");
        }
        console.WriteLine(failures > 0 ? $"{failures} failed, {warnings} warnings." : warnings > 0 ? $"No failures, {warnings} warnings." : "All checks passed.");
    }
}
