using System.Globalization;
using Sigilum.ControlPlane.Claims;
using Sigilum.Core.Nodes;

namespace Sigilum.ControlPlane.Dashboard.Claims;

/// <summary>
/// What the owner reads after revoking from the dashboard (ADR 0027): on how many of the gateways following the
/// namespace the revocation is confirmed in effect, and which did not confirm within the bound. It travels through the
/// redirect as numbers and node ids only; the names are looked up among the namespace's own nodes when the page is
/// shown, so a crafted link can put no words on the page (as with <see cref="Rendering.Notices"/>).
/// </summary>
internal static class RevocationNotice
{
    private const string InEffect = "in_effect";
    private const string Of = "of";
    private const string Late = "late";
    private const int MaxNamed = 20;

    /// <summary><paramref name="path"/> with the propagation appended as query parameters.</summary>
    public static string Append(string path, RevocationPropagation propagation)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(propagation);
        var query = string.Create(CultureInfo.InvariantCulture, $"{InEffect}={propagation.Acknowledged}&{Of}={propagation.Subscribers}");
        foreach (var node in propagation.Pending.Take(MaxNamed))
        {
            query += "&" + Late + "=" + Uri.EscapeDataString(node.Id);
        }
        return path + (path.Contains('?', StringComparison.Ordinal) ? "&" : "?") + query;
    }

    /// <summary>The notice for a page reached by <see cref="Append"/>; null when the query carries no propagation.</summary>
    public static string? Text(IQueryCollection query, IReadOnlyList<DataPlaneNode> nodes)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(nodes);
        if (query["done"] != "revoked" || !Count(query[InEffect], out var inEffect) || !Count(query[Of], out var of) || inEffect > of)
        {
            return null;
        }
        if (of == 0)
        {
            return "Revoked. No gateway follows this namespace's stream right now, so none confirmed it; a gateway applies it when it " +
                   "reconnects, and refuses everything while its approvals are stale.";
        }
        var tally = string.Create(CultureInfo.InvariantCulture, $"Revoked and in effect on {inEffect} of {of} gateway{(of == 1 ? string.Empty : "s")}");
        if (inEffect == of)
        {
            return tally + ": the next request from that agent is refused.";
        }
        var names = query[Late]
            .Select(id => nodes.FirstOrDefault(n => string.Equals(n.Id, id, StringComparison.Ordinal)))
            .OfType<DataPlaneNode>()
            .Select(n => n.Name)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        return tally + ". " + (names.Count > 0 ? "Not confirmed in time: " + string.Join(", ", names) + ". " : string.Empty) +
               "A gateway that did not confirm still receives the revocation over its stream, and refuses everything once its approvals are stale.";
    }

    private static bool Count(Microsoft.Extensions.Primitives.StringValues value, out int count) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out count) && count <= 100_000;
}
