using System.CommandLine;
using System.Text;
using System.Text.Json.Nodes;
using Sigilum.Cli.Gateway;
using Sigilum.Cli.Remote;
using Sigilum.Cli.Services;
using Sigilum.Sdk.Identity;

namespace Sigilum.Cli.OpenClaw;

/// <summary>
/// <c>sigilum openclaw import-keys</c>: moves provider API keys out of OpenClaw's config and <c>.env</c> files (where every
/// agent can read them) into gateway connections <c>sigilum-secure-&lt;provider&gt;</c>, through the same admin client and
/// steps as <c>sigilum service add</c> (or a secret rotation when the connection exists), then deletes them where they were.
/// Secrets are never printed: output shows where a key was and its length.
/// </summary>
internal static class OpenClawImportKeysCommand
{
    private const int MaxScanBytes = 4 * 1024 * 1024;

    public static Command Create(CliContext context)
    {
        var openClawHome = OpenClawCommand.OpenClawHomeOption();
        var dryRun = new Option<bool>("--dry-run") { Description = "List what would move and change nothing (no gateway call)." };
        var options = new ServiceOptions();
        return CommandDeclaration.Define("import-keys", [openClawHome, dryRun, .. options.Symbols]).WithAction(async (parseResult, cancellationToken) =>
        {
            var location = OpenClawLocation.Resolve(context, parseResult.GetValue(openClawHome));
            var config = OpenClawConfigFile.Load(location.ConfigPath);
            string? Env(string name) => JsonTree.Get(config.Root, "env", "vars", name) is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
            var dry = parseResult.GetValue(dryRun);

            GatewayAdminClient? gateway = null;
            OwnerSession? owner = null;
            try
            {
                var map = ProviderMap.Defaults();
                if (!dry)
                {
                    var paths = context.ResolvePaths(parseResult.GetValue(options.Owner.Home));
                    var url = GatewayAdminClient.ResolveUrl(context, parseResult.GetValue(options.Gateway.GatewayUrl) ?? Env("SIGILUM_GATEWAY_URL"), paths);
                    gateway = new GatewayAdminClient(context, url, GatewayAdminClient.ResolveToken(context, parseResult.GetValue(options.Gateway.AdminTokenFile), paths, url));
                    // The gateway's own catalogue: the operator may have added or changed templates.
                    map = ProviderMap.FromCatalog(await gateway.SendAsync(HttpMethod.Get, "/service-catalog", null, cancellationToken));
                }
                var findings = LegacyKeyScanner.Scan(location, config, map);
                var rows = Classify(findings, map);
                var failures = new List<string>();
                if (!dry)
                {
                    foreach (var group in rows.Where(r => r.Status == "to-move").GroupBy(r => r.Finding.Provider, StringComparer.Ordinal))
                    {
                        var template = map.Template(group.Key)!;
                        try
                        {
                            owner = await MoveAsync(context, parseResult, options, gateway!, owner, template, group.First().Finding.Value, Env, cancellationToken);
                            foreach (var row in group)
                            {
                                row.Status = "moved";
                            }
                        }
                        catch (CliException ex)
                        {
                            failures.Add($"{template.ConnectionId}: {ex.Message}");
                            foreach (var row in group)
                            {
                                row.Status = "failed";
                                row.Detail = ex.Message;
                            }
                        }
                    }
                }
                var moved = rows.Where(r => r.Status == "moved").Select(r => r.Finding).ToList();
                var (backup, warnings) = moved.Count > 0 ? RemoveMoved(context, location, config, moved, rows) : (null, new List<string>());
                Print(context, parseResult.GetValue(options.Json), dry, location, rows, backup, warnings, gateway?.Display ?? Env("SIGILUM_GATEWAY_URL"));
                return failures.Count > 0 ? ExitCodes.CheckFailed : ExitCodes.Ok;
            }
            finally
            {
                owner?.Dispose();
                gateway?.Dispose();
            }
        });
    }

    /// <summary>A finding and what happens to it: to-move/would-move, moved, failed, no-template, conflict (a second value).</summary>
    private sealed class Row(LegacyKeyFinding finding, string status, string? connection, string? detail)
    {
        public LegacyKeyFinding Finding { get; } = finding;

        public string Status { get; set; } = status;

        public string? Connection { get; } = connection;

        public string? Detail { get; set; } = detail;
    }

    private static List<Row> Classify(IReadOnlyList<LegacyKeyFinding> findings, ProviderMap map)
    {
        var rows = new List<Row>();
        var chosen = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var finding in findings)
        {
            if (map.Template(finding.Provider) is not { } template)
            {
                rows.Add(new Row(finding, "no-template", null,
                    $"the gateway's service catalogue has no template for '{finding.Provider}'; add it with `sigilum service add --name … --base-url …` and remove the key yourself"));
                continue;
            }
            if (chosen.TryGetValue(finding.Provider, out var first) && first != finding.Value)
            {
                rows.Add(new Row(finding, "conflict", template.ConnectionId, $"a different {finding.Provider} key than the one imported; left in place"));
                continue;
            }
            chosen[finding.Provider] = finding.Value;
            rows.Add(new Row(finding, "to-move", template.ConnectionId, null));
        }
        return rows;
    }

    private static async Task<OwnerSession?> MoveAsync(CliContext context, ParseResult parseResult, ServiceOptions options, GatewayAdminClient gateway, OwnerSession? owner,
        ProviderTemplate template, string value, Func<string, string?> configEnv, CancellationToken cancellationToken)
    {
        var secretKey = template.Text("auth_secret_key") ?? "api_key";
        using var secret = new SecretValue(secretKey, Encoding.UTF8.GetBytes(value));
        var existing = await gateway.TrySendAsync(HttpMethod.Get, "/connections/" + ApiClient.Segment(template.ConnectionId), null, cancellationToken);
        if (existing.IsSuccess)
        {
            var ns = OwnerOptions.ResolveNamespace(context.OpenStore(parseResult.GetValue(options.Owner.Home)), parseResult.GetValue(options.Owner.Namespace) ?? configEnv("SIGILUM_NAMESPACE"));
            using var body = SecretBody.Create(secret.Value.Length, w =>
            {
                SecretBody.WriteSecrets(w, "secrets", [secret]);
                w.WriteString("rotated_by", ns);
                w.WriteString("rotation_reason", "imported from OpenClaw by sigilum openclaw import-keys");
            });
            var rotated = await gateway.TrySendAsync(HttpMethod.Post, "/connections/" + ApiClient.Segment(template.ConnectionId) + "/rotate", body.Bytes, cancellationToken);
            return rotated.IsSuccess ? owner : throw gateway.ToException(rotated);
        }
        if (existing.Status != 404)
        {
            throw gateway.ToException(existing);
        }
        var baseUrl = template.Text("base_url") ?? throw new CliException(ExitCodes.InvalidData, $"The catalogue template {template.Key} has no base_url.");
        var spec = new ConnectionSpec(template.ConnectionId, template.Label, baseUrl, template.Text("auth_mode") ?? "bearer", template.Text("auth_header_name"),
            template.Entry["auth_prefix"] is JsonValue p && p.TryGetValue<string>(out var prefix) ? prefix : null, template.Text("path_prefix") is { Length: > 0 } path ? path : null,
            secretKey, null);
        owner ??= options.Owner.Open(context, parseResult, configEnv("SIGILUM_API_URL"), configEnv("SIGILUM_NAMESPACE"));
        await new ServiceSetup(owner, gateway).RunAsync(spec, $"{template.Label}, imported from OpenClaw", new Uri(baseUrl), [secret], cancellationToken);
        return owner;
    }

    /// <summary>
    /// Deletes the moved keys from the config (after a backup in which they are redacted: a plain copy would leave them where
    /// the agent can read them) and from the .env files; warns about other files in the state directory that still hold a copy.
    /// </summary>
    private static (string? Backup, List<string> Warnings) RemoveMoved(CliContext context, OpenClawLocation location, OpenClawConfigFile config, List<LegacyKeyFinding> moved, List<Row> rows)
    {
        var warnings = new List<string>();
        string? backup = null;
        var fromConfig = moved.Where(f => f.JsonPath is not null).ToList();
        if (fromConfig.Count > 0)
        {
            var marker = (LegacyKeyFinding f) => $"[moved to gateway connection {rows.First(r => r.Finding == f).Connection}]";
            var text = Encoding.UTF8.GetString(config.Original);
            var literal = fromConfig.All(f => text.Contains(f.Value, StringComparison.Ordinal));
            byte[] redacted;
            if (literal)
            {
                foreach (var finding in fromConfig)
                {
                    text = text.Replace(finding.Value, marker(finding), StringComparison.Ordinal);
                }
                redacted = Encoding.UTF8.GetBytes(text);
            }
            else
            {
                // A value spelled with escapes in the file: back up the parsed document instead, values replaced.
                var copy = (JsonObject)config.Root.DeepClone();
                fromConfig.ForEach(f => JsonTree.Set(copy, f.JsonPath!, marker(f)));
                redacted = OpenClawConfigFile.Serialize(copy);
            }
            backup = config.Backup(context.Environment.Time, redacted);
            fromConfig.ForEach(f => JsonTree.Remove(config.Root, f.JsonPath!));
            config.Save();
        }
        foreach (var file in moved.Where(f => f.Source == "dotenv").GroupBy(f => f.SourcePath, StringComparer.Ordinal))
        {
            DotEnvFile.RemoveNames(file.Key, file.Select(f => f.Variable).ToHashSet(StringComparer.Ordinal));
        }
        // OpenClaw's own .bak files and earlier backups may hold the same keys.
        foreach (var path in Directory.Exists(location.StateDirectory) ? Directory.EnumerateFiles(location.StateDirectory) : [])
        {
            if (path == config.Path || new FileInfo(path).Length > MaxScanBytes)
            {
                continue;
            }
            var content = Encoding.UTF8.GetString(PrivateFiles.ReadBounded(path, MaxScanBytes));
            if (moved.Any(f => content.Contains(f.Value, StringComparison.Ordinal)))
            {
                warnings.Add($"{path} still holds a copy of an imported key (an older backup?): delete it, or agents can read the key there.");
            }
        }
        return (backup, warnings);
    }

    private static void Print(CliContext context, bool json, bool dry, OpenClawLocation location, List<Row> rows, string? backup, List<string> warnings, string? gateway)
    {
        foreach (var row in rows.Where(r => r.Status == "to-move"))
        {
            row.Status = dry ? "would-move" : row.Status;
        }
        if (json)
        {
            context.Output.WriteJson(new JsonObject
            {
                ["command"] = "openclaw import-keys",
                ["dryRun"] = dry,
                ["stateDir"] = location.StateDirectory,
                ["gatewayUrl"] = gateway,
                ["found"] = rows.Count,
                ["moved"] = rows.Count(r => r.Status == "moved"),
                ["findings"] = new JsonArray([.. rows.Select(r => (JsonNode)new JsonObject
                {
                    ["provider"] = r.Finding.Provider,
                    ["variable"] = r.Finding.Variable,
                    ["source"] = r.Finding.SourcePath,
                    ["location"] = r.Finding.Location,
                    ["length"] = r.Finding.Length,
                    ["connection"] = r.Connection,
                    ["status"] = r.Status,
                    ["detail"] = r.Detail,
                })]),
                ["backup"] = backup,
                ["warnings"] = new JsonArray([.. warnings.Select(w => (JsonNode)JsonValue.Create(w)!)]),
            });
            return;
        }
        var output = context.Output.Out;
        if (rows.Count == 0)
        {
            output.WriteLine($"No provider keys found in {location.StateDirectory} (openclaw.json env.vars, skills.entries, .env files).");
            return;
        }
        output.WriteLine($"Found {rows.Count} provider key(s) agents can read:");
        foreach (var row in rows)
        {
            var target = row.Connection is null ? string.Empty : $" -> {row.Connection}";
            var detail = row.Detail is null ? string.Empty : $" ({row.Detail})";
            output.WriteLine($"  {row.Status,-11} {row.Finding.Provider,-13} {row.Finding.Location} [{row.Finding.Length} characters]{target}{detail}");
        }
        if (dry)
        {
            output.WriteLine("Dry run: nothing was changed.");
        }
        if (backup is not null)
        {
            output.WriteLine($"Backup of the config (moved keys redacted): {backup}");
        }
        foreach (var warning in warnings)
        {
            context.Output.WriteWarning(warning);
        }
        if (!dry && rows.Any(r => r.Status == "moved"))
        {
            output.WriteLine($"Moved. Agents now call {gateway ?? "the gateway"}/proxy/<connection>/… (the sigilum skill does it); approve them with: sigilum claims list --status pending");
        }
    }
}
