using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Sigilum.CommandLine.Audit;
using Sigilum.Protocol.Audit;
using Spectre.Console;

namespace Sigilum.Cli.Audit;

/// <summary>
/// <c>sigilum audit tail [-n N] [-f]</c>: the newest records of the gateway's audit log, as a table of chosen fields
/// (never raw lines: whatever a future record type carries is not printed blindly).
/// </summary>
internal static class AuditTailCommand
{
    /// <summary>The only record fields shown (spec: type, time, connection, agent, status).</summary>
    private static readonly string[] ShownFields =
        ["request_id", "connection", "namespace", "agent_key_id", "agent_id", "subject", "method", "path", "status", "outcome", "release_seq", "duration_ms", "secret_version"];

    public static Command Create(CliContext context)
    {
        var count = new Option<int>("--lines", "-n") { Description = "How many of the newest records (1-10000).", HelpName = "n", DefaultValueFactory = _ => 20 };
        var follow = new Option<bool>("--follow", "-f") { Description = "Keep printing new records as the gateway writes them (Ctrl+C stops)." };
        var directory = new Option<string?>("--audit-dir") { Description = "The audit directory [default: $SIGILUM_HOME/gateway/audit].", HelpName = "dir" };
        var home = CommonOptions.Home();
        var json = CommonOptions.Json();
        return CommandDeclaration.Define("tail", count, follow, directory, home, json).WithAction(async (parseResult, cancellationToken) =>
        {
            var n = parseResult.GetValue(count);
            if (n is < 1 or > 10_000)
            {
                throw new CliException(ExitCodes.Usage, "-n must be 1-10000.");
            }
            if (parseResult.GetValue(follow) && parseResult.GetValue(json))
            {
                throw new CliException(ExitCodes.Usage, "--json cannot be combined with --follow.");
            }
            var files = GatewayAuditFiles.For(context, context.ResolvePaths(parseResult.GetValue(home)), parseResult.GetValue(directory));
            var bytes = GatewayAuditFiles.ReadShared(files.LogFile, "audit log");
            var complete = AuditFileReader.CompleteLength(bytes);
            var records = Parse(context, bytes.AsSpan(0, complete)).TakeLast(n).ToList();
            // --json and --follow exclude each other (checked above), so following only ever comes after the table.
            context.Output.Report(parseResult.GetValue(json),
                () => new JsonObject { ["command"] = "audit tail", ["log"] = files.LogFile, ["records"] = new JsonArray([.. records.Select(View)]) },
                _ => Print(context, records));
            if (parseResult.GetValue(follow))
            {
                await FollowAsync(context, files.LogFile, complete, cancellationToken);
            }
            return ExitCodes.Ok;
        });
    }

    private static IReadOnlyList<AuditRecord> Parse(CliContext context, ReadOnlySpan<byte> bytes)
    {
        var lines = AuditFileParser.Records(bytes);
        if (lines.Invalid > 0)
        {
            context.Output.WriteWarning($"{lines.Invalid} line(s) of the audit log are not valid records and are not shown; run: sigilum audit verify");
        }
        return lines.Entries;
    }

    private static JsonObject View(AuditRecord record)
    {
        var fields = record.GetFields();
        var view = new JsonObject { ["seq"] = record.Seq, ["ts"] = record.TimestampText, ["type"] = record.Type };
        foreach (var name in ShownFields)
        {
            if (fields[name] is JsonValue value)
            {
                view[name] = value.DeepClone();
            }
        }
        if (Delegation(fields["delegation"]) is { } delegation)
        {
            view["delegation"] = delegation;
        }
        return view;
    }

    /// <summary>The delegation chain of a release (ADR 0062), by its known members only, like the record's own fields; null when none.</summary>
    private static JsonObject? Delegation(JsonNode? node)
    {
        if (node is not JsonObject delegation)
        {
            return null;
        }
        var view = Pick(delegation, "namespace", "agent_key_id", "subject") ?? [];
        if (Pick(delegation["approval"] as JsonObject, "claim_id", "approved_by", "approved_at") is { } approval)
        {
            if (Pick((delegation["approval"] as JsonObject)?["scope"] as JsonObject, "expires_at", "allowed_subjects") is { } scope)
            {
                approval["scope"] = scope;
            }
            view["approval"] = approval;
        }
        return view.Count == 0 ? null : view;
    }

    /// <summary>The named members of <paramref name="source"/> that are values or arrays of values; null when none is.</summary>
    private static JsonObject? Pick(JsonObject? source, params string[] names)
    {
        var copy = new JsonObject();
        foreach (var name in names)
        {
            switch (source?[name])
            {
                case JsonValue value:
                    copy[name] = value.DeepClone();
                    break;
                case JsonArray array:
                    copy[name] = new JsonArray([.. array.OfType<JsonValue>().Select(v => v.DeepClone())]);
                    break;
            }
        }
        return copy.Count == 0 ? null : copy;
    }

    /// <summary>The owner's approval a release stood on, readably: claim, who approved and when, or "-".</summary>
    private static string Approval(JsonObject view)
    {
        if (view["delegation"]?["approval"] is not JsonObject approval)
        {
            return "-";
        }
        var text = $"{approval["claim_id"]} by {approval["approved_by"]?.ToString() ?? "(unknown)"}";
        if (approval["approved_at"] is { } at)
        {
            text += $" at {at}";
        }
        if (approval["scope"]?["expires_at"] is { } expires)
        {
            text += $", until {expires}";
        }
        if (approval["scope"]?["allowed_subjects"] is JsonArray subjects)
        {
            text += $", for {string.Join(", ", subjects.Select(x => x?.ToString()))}";
        }
        return text;
    }

    private static string Agent(JsonObject view) => Field(view, "agent_id") ?? Short(Field(view, "agent_key_id")) ?? "-";

    private static string? Field(JsonObject view, string name) => view[name]?.ToString();

    private static string? Short(string? key) => key is { Length: > 24 } ? key[..12] + "…" + key[^8..] : key;

    private static string Request(JsonObject view) =>
        Field(view, "method") is { } method ? $"{method} {Field(view, "path")}" : Field(view, "release_seq") is { } release ? $"(release {release})" : "-";

    private static string Status(JsonObject view) =>
        Field(view, "status") is { } status ? $"{status} {Field(view, "outcome")}".Trim() : "-";

    private static void Print(CliContext context, List<AuditRecord> records)
    {
        var console = context.Output.Console;
        if (records.Count == 0)
        {
            console.WriteLine("The audit log has no records yet.");
            return;
        }
        var table = new Table().AddColumns("seq", "time", "type", "connection", "agent", "request", "status", "approval");
        foreach (var record in records)
        {
            var view = View(record);
            table.AddRow(
                new Text(record.Seq.ToString(CultureInfo.InvariantCulture)),
                new Text(record.TimestampText),
                new Text(record.Type),
                new Text(Field(view, "connection") ?? "-"),
                new Text(Agent(view)),
                new Text(Request(view)),
                new Text(Status(view)),
                new Text(Approval(view)));
        }
        console.Write(table);
    }

    private static async Task FollowAsync(CliContext context, string path, long offset, CancellationToken cancellationToken)
    {
        var lines = AuditFileReader.FollowAsync(path, offset, context.Environment.Time,
            () => context.Output.WriteWarning("The audit log became shorter; it was replaced or truncated. Run: sigilum audit verify"), cancellationToken);
        await foreach (var complete in lines)
        {
            foreach (var record in Parse(context, complete))
            {
                var view = View(record);
                context.Output.Out.WriteLine(string.Join("  ", record.Seq.ToString(CultureInfo.InvariantCulture), record.TimestampText, record.Type,
                    Field(view, "connection") ?? "-", Agent(view), Request(view), Status(view), Approval(view)));
            }
        }
    }
}
