using System.Globalization;
using System.Text.Json.Nodes;
using Spectre.Console;

namespace Sigilum.Cli.Claims;

/// <summary>
/// The <c>propagation</c> of a revoke answer (ADR 0027) in words: on how many of the gateways following the namespace
/// the revocation is confirmed in effect, and which did not confirm within the control plane's bound.
/// </summary>
internal static class RevocationReport
{
    /// <summary>The line(s) after "Revoked …" (markup), or null when the control plane sent no propagation (an older one).</summary>
    public static string? Describe(JsonNode? answer)
    {
        if (answer?["propagation"] is not JsonObject propagation)
        {
            return null;
        }
        var subscribers = Count(propagation, "subscribers");
        var acknowledged = Count(propagation, "acknowledged");
        if (subscribers == 0)
        {
            return "No gateway follows this namespace's stream on the control plane right now, so none confirmed it; " +
                   "a gateway applies it when it reconnects, and refuses everything while its approvals are stale.";
        }
        var tally = string.Create(CultureInfo.InvariantCulture, $"In effect on {acknowledged} of {subscribers} gateway{(subscribers == 1 ? string.Empty : "s")}");
        if (acknowledged >= subscribers)
        {
            return tally + ": the agent's next request is refused.";
        }
        var names = propagation["pending_nodes"] is JsonArray nodes
            ? string.Join(", ", nodes.Select(n => Markup.Escape($"{ClaimFields.Text(n, "name")} ({ClaimFields.Text(n, "id")})")))
            : "-";
        return tally + ".\n[yellow]Not confirmed in time:[/] " + names +
               ". Each still receives the revocation over its stream, and refuses everything once its approvals are stale.";
    }

    private static int Count(JsonObject propagation, string name) =>
        propagation[name] is JsonValue value && value.TryGetValue<int>(out var count) ? count : 0;
}
