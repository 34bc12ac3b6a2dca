using System.CommandLine;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Sigilum.Vault.Audit;
using Sigilum.Vault.Ca;
using Sigilum.Vault.Hosting;
using Sigilum.Vault.Cli.Audit;
using Sigilum.Vault.Proxy;
using Sigilum.Vault.Store;
using Sigilum.CommandLine.Services;
using Sigilum.Vault.Cli.Service;

namespace Sigilum.Vault.Cli.Diagnostics;

/// <summary><c>sigil-vault doctor</c>: checks everything <c>start</c> needs, and says what to do about each problem.</summary>
internal static class DoctorCommand
{
    public static Command Create(VaultCliContext context)
    {
        var port = new Option<int>("--port") { Description = $"The port to check [default: {VaultProxyOptions.DefaultPort}].", DefaultValueFactory = _ => VaultProxyOptions.DefaultPort, HelpName = "port" };
        var home = CommonOptions.Home();
        var json = CommonOptions.Json();
        return CommandDeclaration.Define("doctor", port, home, json).WithAction(async (parseResult, cancellationToken) =>
        {
            var paths = context.Paths(parseResult, home);
            var checks = new List<(string Name, string Status, string Detail)>();
            void Add(string name, string status, string detail) => checks.Add((name, status, detail));
            VaultStore? store = null;
            try
            {
                store = await VaultStore.OpenAsync(paths, context.StoreLocation(parseResult), context.Environment.Time, cancellationToken);
                Add("store", "ok", store.Path);
            }
            catch (Exception ex) when (ex is VaultStoreException or StoreUnavailableException or Microsoft.Data.Sqlite.SqliteException)
            {
                Add("store", "fail", ex.Message);
            }
            try
            {
                using var ca = LocalCa.Load(paths, context.Environment.Time);
                var left = ca.Certificate.NotAfter.ToUniversalTime() - context.Environment.Time.GetUtcNow().UtcDateTime;
                Add("ca", left < TimeSpan.FromDays(30) ? "warn" : "ok", $"{paths.CaCertificate}, expires in {(int)left.TotalDays} days");
            }
            catch (InvalidOperationException ex)
            {
                Add("ca", "fail", ex.Message);
            }
            try
            {
                using var key = NodeKey.Load(paths.NodeKey);
                Add("node key", "ok", paths.NodeKey);
                var audit = AuditFiles.Verify(paths);
                Add("audit", audit.Valid ? (audit.TornTail ? "warn" : "ok") : "fail",
                    audit.Valid ? $"{audit.RecordsVerified} records verify{(audit.TornTail ? "; torn last line (repaired on start)" : string.Empty)}" : $"{audit.Code} at line {audit.FailedLine}: {audit.Error?.Reason}");
            }
            catch (InvalidOperationException ex)
            {
                Add("node key", "fail", ex.Message);
            }
            if (store is not null)
            {
                var snapshot = await store.LoadSnapshotAsync(cancellationToken);
                Add("trust anchors", snapshot.Anchors.Count > 0 ? "ok" : "warn", snapshot.Anchors.Count > 0 ? $"{snapshot.Anchors.Count}" : "none: every request will be refused (sigil-vault trust add)");
                var active = snapshot.AgentsById.Values.Count(a => a.IsActive);
                Add("agents", active > 0 ? "ok" : "warn", active > 0 ? $"{active} active" : "none active (sigil-vault agents create)");
                Add("routes", snapshot.Routes.Count > 0 ? "ok" : "warn", snapshot.Routes.Count > 0 ? $"{snapshot.Routes.Count}" : "none: every host will be refused (sigil-vault routes add)");
                foreach (var backend in snapshot.Backends.Values)
                {
                    var errors = await BackendChecks.ValidateAsync(backend, context.Environment.Time);
                    Add("backend " + backend.Name, errors.Count > 0 ? "fail" : "ok", errors.Count > 0 ? string.Join(" ", errors) : backend.Kind);
                }
                foreach (var route in snapshot.Routes.Where(r => r.AllowPrivateNetwork))
                {
                    Add("route " + route.Id, "warn", "allows private network targets");
                }
            }
            foreach (var finding in await IsolationAsync(context, paths, cancellationToken))
            {
                Add(finding.Label, finding.Verdict.ToString().ToLowerInvariant(), finding.Fix is null ? finding.Detail : $"{finding.Detail} Fix: {finding.Fix}");
            }
            Add("port", IsFree(parseResult.GetValue(port)) ? "ok" : "warn", IsFree(parseResult.GetValue(port))
                ? $"127.0.0.1:{parseResult.GetValue(port)} is free"
                : $"127.0.0.1:{parseResult.GetValue(port)} is in use (a running vault, or another program)");
            var failed = checks.Any(c => c.Status == "fail");
            if (parseResult.GetValue(json))
            {
                context.Output.WriteJson(new JsonObject
                {
                    ["command"] = "doctor",
                    ["ok"] = !failed,
                    ["checks"] = new JsonArray([.. checks.Select(c => (JsonNode)new JsonObject { ["name"] = c.Name, ["status"] = c.Status, ["detail"] = c.Detail })]),
                });
            }
            else
            {
                foreach (var (name, status, detail) in checks)
                {
                    context.Output.Out.WriteLine($"{status,-4}  {name}: {detail}");
                }
            }
            return failed ? ExitCodes.CheckFailed : ExitCodes.Ok;
        });
    }

    /// <summary>
    /// Can the agent next door reach the vault (issue 12 item 2)? The CA key, node key and store of this home and of the
    /// installed sigil-vault service must not be readable by the user running doctor; a running service must not be root.
    /// </summary>
    private static async Task<List<AccessFinding>> IsolationAsync(VaultCliContext context, VaultPaths paths, CancellationToken cancellationToken)
    {
        const string install = "sudo sigil-vault service install";
        if (!OperatingSystem.IsLinux())
        {
            return [];
        }
        var system = context.Environment.Services;
        var caller = ProcessIdentity.Current();
        var unit = InstalledUnit.Read(SystemServiceCommand.UnitFile(VaultServiceCommand.Profile(), system, null));
        var directories = new List<string>();
        if (unit?.StateDirectory is { } state)
        {
            directories.Add(Path.Combine(state, "vault"));
        }
        if (unit is null || Directory.Exists(paths.Directory))
        {
            directories.Add(paths.Directory);
        }
        var findings = new List<AccessFinding>();
        foreach (var directory in directories.Distinct(StringComparer.Ordinal))
        {
            var files = new VaultPaths(directory);
            findings.Add(IsolationChecks.SecretFile("CA key access", files.CaKey, caller, install));
            findings.Add(IsolationChecks.SecretFile("node key access", files.NodeKey, caller, install));
            findings.Add(IsolationChecks.SecretFile("store access", files.Database, caller, install));
        }
        if (unit is not null && system.HasSystemd)
        {
            var shown = await ServiceSystem.SystemctlAsync(cancellationToken, "show", "--property=MainPID", "--value", SystemdUnit.FileName(VaultServiceCommand.UnitName));
            if (shown.Succeeded && int.TryParse(shown.Output.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var pid) && pid > 0)
            {
                findings.AddRange(IsolationChecks.Process("vault service", pid, install));
            }
        }
        return findings;
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
