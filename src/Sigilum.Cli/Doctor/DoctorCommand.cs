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
        var command = context.Examples.Define("doctor", "Check this machine's Sigilum setup and say how to fix what is wrong.",
            new CommandManual(
                "Checks, each OK, WARN, FAIL or INFO with a fix hint: the home directory is 0700; the identity exists and its key file, " +
                "the gateway identity, the master keys and the owner token file are 0600; the control plane answers /health; the " +
                "clock is within 5 s of the control plane's (signatures allow 5 s of skew); the owner token is valid; the gateway " +
                "answers /health, /health/live and /health/ready (the failing probe is named); the gateway's key is a registered " +
                "node of the namespace; ports 8787 and 38100 are free or used by this home's servers; the SQLite stores are readable. " +
                "Each remote probe waits up to 3 s ($SIGILUM_DOCTOR_TIMEOUT seconds when set). " +
                "Isolation (Linux): the gateway's master key, admin token and database (of this home and of the installed sigilum-gateway " +
                "service) must not be readable by the user running doctor — the agent's user: FAIL when they are, WARN when the gateway " +
                "runs as that same user (fix: sudo sigilum gateway service install); a running gateway as root is FAIL, and its core-dump " +
                "posture (core limit 0, non-dumpable) is reported. " +
                "--fix applies only chmod fixes and lists them in applied_fixes; everything else stays a hint (actions). Exit code " +
                "1 when any check FAILs. --json prints {status: ok|warn|fail, ok, warnings, failures, checks:[{status, label, detail, " +
                "fix}], applied_fixes:[], actions:[]} (ok, warnings and failures are counts).",
                "sigilum doctor", "sigilum doctor --fix", "sigilum doctor --json | jq '.checks[] | select(.status == \"FAIL\")'"),
            fix, gatewayUrl, apiUrl, ns, home, json);
        command.SetAction(async (parseResult, cancellationToken) =>
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
        return command;
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
