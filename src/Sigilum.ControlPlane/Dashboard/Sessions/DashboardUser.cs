namespace Sigilum.ControlPlane.Dashboard.Sessions;

/// <summary>The owner signed in to the dashboard in this request, and the session that proves it.</summary>
public sealed record DashboardUser(string OwnerId, string Namespace, string SessionHash, DateTimeOffset ExpiresAt);
