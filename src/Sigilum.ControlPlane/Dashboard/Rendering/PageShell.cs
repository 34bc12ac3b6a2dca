using Sigilum.ControlPlane.Dashboard.Sessions;

namespace Sigilum.ControlPlane.Dashboard.Rendering;

/// <summary>
/// What every page's frame needs: its title, who is signed in, the current path (for the navigation), the
/// antiforgery field to put in each form, and the one-line notice left by the previous form post.
/// </summary>
public sealed record PageShell(string Title, DashboardUser? User, string Path, FormToken Form, string? Notice, string? Query = null);

/// <summary>The hidden antiforgery field every form carries.</summary>
public sealed record FormToken(string FieldName, string Value);
