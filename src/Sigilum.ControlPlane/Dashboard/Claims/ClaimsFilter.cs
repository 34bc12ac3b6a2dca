using System.Text;
using Sigilum.Core.Claims;

namespace Sigilum.ControlPlane.Dashboard.Claims;

/// <summary>
/// The claims page's filters, read from the query string (a GET form, so a filtered view is a link): status,
/// service slug, agent text (name, id, public key or key id; an exact public key filters in the store) and a
/// 1-based page.
/// </summary>
public sealed record ClaimsFilter(string? StatusText, ClaimStatus? Status, string? Service, string? Agent, int Page)
{
    public const int PageSize = 50;

    /// <summary>Deep enough for any real namespace; deeper asks are clamped rather than scanned.</summary>
    public const int MaxPage = 10_000;

    public int Offset => (Page - 1) * PageSize;

    /// <summary>The filters, or a message saying which one is not understood.</summary>
    public static (ClaimsFilter Filter, string? Problem) Parse(IQueryCollection query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var statusText = Api.InputRules.Text(query["status"], 32);
        ClaimStatus? status = null;
        string? problem = null;
        if (statusText is not null)
        {
            if (Enum.TryParse<ClaimStatus>(statusText, ignoreCase: true, out var parsed) && !int.TryParse(statusText, out _))
            {
                status = parsed;
            }
            else
            {
                problem = "Status must be pending, approved, rejected, revoked or expired.";
            }
        }
        var page = int.TryParse(query["page"], out var number) ? Math.Clamp(number, 1, MaxPage) : 1;
        var filter = new ClaimsFilter(statusText, status, Api.InputRules.Text(query["service"], 64), Api.InputRules.Text(query["agent"], 256), page);
        return (filter, problem);
    }

    /// <summary>A link to this view at another page (or the first page with no page number).</summary>
    public string Link(int page)
    {
        var query = new StringBuilder();
        void Add(string name, string? value)
        {
            if (value is not null)
            {
                query.Append(query.Length == 0 ? '?' : '&').Append(name).Append('=').Append(Uri.EscapeDataString(value));
            }
        }
        Add("status", StatusText);
        Add("service", Service);
        Add("agent", Agent);
        Add("page", page > 1 ? page.ToString(System.Globalization.CultureInfo.InvariantCulture) : null);
        return DashboardPaths.Claims + query;
    }
}
