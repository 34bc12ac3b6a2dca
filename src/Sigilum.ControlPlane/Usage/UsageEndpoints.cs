using System.Globalization;
using Sigilum.AspNetCore.Authentication;
using Sigilum.AspNetCore.Errors;
using Sigilum.ControlPlane.Api;
using Sigilum.ControlPlane.Witness;
using Sigilum.Core.Storage;
using Sigilum.Core.Usage;
using Sigilum.Protocol.Errors;

namespace Sigilum.ControlPlane.Usage;

/// <summary>
/// Usage events: reported by registered gateways and vaults (signed with the node's key), read by the
/// namespace owner with filters, newest first, with an outcome summary.
/// </summary>
internal static class UsageEndpoints
{
    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/usage/events", ReportAsync).RequireSigilumSignature();
        app.MapPost("/v1/usage/events/batch", ReportBatchAsync).RequireSigilumSignature();
        app.MapGet("/v1/namespaces/{ns}/usage", QueryAsync).RequireOwner();
    }

    private static async Task<IResult> ReportAsync(HttpContext context, ISigilumStore store, TimeProvider time)
    {
        var (body, bodyError) = await JsonBody.ReadAsync<UsageEventRequest>(context);
        if (bodyError is not null)
        {
            return bodyError;
        }
        var node = await RegisteredNodes.FindSignerAsync(context, store);
        if (node is null)
        {
            return ApiResults.Error(context, RegisteredNodes.NotRegistered);
        }
        if (body?.Namespace is { } ns && ns != node.Namespace)
        {
            return ApiResults.Error(context, ApiErrors.SignatureNamespaceMismatch, "A node reports usage for its own namespace only.");
        }
        var usage = UsageEventRules.ToEvent(body, node, time.GetUtcNow(), out var error);
        if (usage is null)
        {
            return ApiResults.Validation(context, error);
        }
        var added = await store.Usage.AddAsync(usage, context.RequestAborted);
        // A retry of the same event is acknowledged, not counted twice.
        return Results.Json(new { event_id = body!.EventId, accepted = true, duplicate = !added },
            statusCode: added ? StatusCodes.Status201Created : StatusCodes.Status200OK);
    }

    /// <summary>The most events one batch may carry.</summary>
    public const int MaxBatch = UsageBatch.MaxEvents;

    /// <summary>
    /// Many events in one signed request, stored in one transaction (ADR 0029): a busy gateway reports in batches rather
    /// than one signed call per proxied request. Every event is validated before any is stored; one bad event refuses
    /// the whole batch with <c>USAGE_EVENT_INVALID</c> naming its index (<c>index</c> in the problem), so a batch is
    /// stored whole or not at all and a retry of it is always safe.
    /// </summary>
    private static async Task<IResult> ReportBatchAsync(HttpContext context, ISigilumStore store, TimeProvider time)
    {
        var (body, bodyError) = await JsonBody.ReadAsync<UsageBatchRequest>(context);
        if (bodyError is not null)
        {
            return bodyError;
        }
        var node = await RegisteredNodes.FindSignerAsync(context, store);
        if (node is null)
        {
            return ApiResults.Error(context, RegisteredNodes.NotRegistered);
        }
        if (body?.Events is not { Count: > 0 and <= MaxBatch } events)
        {
            return ProblemResponses.Problem(context, ApiError.Of(ErrorCatalogue.UsageBatchSizeInvalid), $"events must hold 1-{MaxBatch} usage events.");
        }
        var now = time.GetUtcNow();
        var parsed = new UsageEvent[events.Count];
        for (var i = 0; i < events.Count; i++)
        {
            if (events[i]?.Namespace is { } ns && ns != node.Namespace)
            {
                return ProblemResponses.Problem(context, ApiErrors.SignatureNamespaceMismatch,
                    $"events[{i}]: a node reports usage for its own namespace only.", Index(i));
            }
            if (UsageEventRules.ToEvent(events[i], node, now, out var error) is not { } usage)
            {
                return ProblemResponses.Problem(context, ApiError.Of(ErrorCatalogue.UsageEventInvalid), $"events[{i}]: {error}", Index(i));
            }
            parsed[i] = usage;
        }
        var added = await store.Usage.AddBatchAsync(parsed, context.RequestAborted);
        return Results.Json(new UsageBatchAck(parsed.Length, parsed.Length - added), statusCode: StatusCodes.Status201Created);
    }

    private static Dictionary<string, object?> Index(int index) => new(StringComparer.Ordinal) { ["index"] = index };

    private static async Task<IResult> QueryAsync(
        HttpContext context, string ns, ISigilumStore store, string? service, string? outcome, string? agent, string? from, string? to, int? limit, int? offset, string? protocol)
    {
        if (ServiceEndpoints.OwnsNamespace(context, ns) is { } denied)
        {
            return denied;
        }
        if (outcome is not null && !UsageEventRules.IsOutcome(outcome))
        {
            return ApiResults.Validation(context, "outcome must be success, denied or error.");
        }
        if (protocol is not null && !UsageEventRules.IsProtocol(protocol))
        {
            return ApiResults.Validation(context, "protocol must be http or mcp.");
        }
        if (!TryTime(from, out var fromTime) || !TryTime(to, out var toTime))
        {
            return ApiResults.Validation(context, "from and to must be ISO 8601 date-times, e.g. 2025-01-31T00:00:00Z.");
        }
        if (limit is < 1 or > 200 || offset is < 0)
        {
            return ApiResults.Validation(context, "limit must be 1-200 and offset 0 or more.");
        }
        var query = new UsageQuery
        {
            Namespace = ns, Service = InputRules.Text(service, 64), Outcome = outcome, Agent = InputRules.Text(agent, 256), Protocol = protocol,
            From = fromTime, To = toTime, Limit = limit ?? 50, Offset = offset ?? 0,
        };
        var page = await store.Usage.QueryAsync(query, context.RequestAborted);
        // The summary covers every filter but outcome, so it shows how the selection splits by outcome.
        async Task<int> CountAsync(string? only) =>
            (await store.Usage.QueryAsync(query with { Outcome = only, Limit = 1, Offset = 0 }, context.RequestAborted)).Total;
        var summary = new
        {
            total = await CountAsync(null),
            success = await CountAsync("success"),
            denied = await CountAsync("denied"),
            error = await CountAsync("error"),
        };
        return Results.Ok(new
        {
            events = page.Items.Select(UsageEventView.From),
            summary,
            pagination = new { limit = page.Limit, offset = page.Offset, total = page.Total, has_more = page.HasMore },
        });
    }

    private static bool TryTime(string? text, out DateTimeOffset? value)
    {
        value = null;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
        {
            return false;
        }
        value = parsed;
        return true;
    }
}
