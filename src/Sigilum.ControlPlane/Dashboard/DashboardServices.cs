using Sigilum.ControlPlane.Dashboard.Forms;
using Sigilum.ControlPlane.Dashboard.Sessions;
using Sigilum.ControlPlane.Dashboard.SignIn;

namespace Sigilum.ControlPlane.Dashboard;

/// <summary>Services the dashboard needs: component rendering, antiforgery with strict cookies, sessions, links.</summary>
internal static class DashboardServices
{
    public static IServiceCollection AddDashboard(this IServiceCollection services)
    {
        services.AddRazorComponents();
        services.AddAntiforgery(options =>
        {
            options.Cookie.Name = "sigilum_af";
            options.Cookie.Path = DashboardPaths.Root;
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.HttpOnly = true;
            options.Cookie.SecurePolicy = Microsoft.AspNetCore.Http.CookieSecurePolicy.SameAsRequest;
            options.FormFieldName = "__sigilum_af";
            options.HeaderName = "X-Sigilum-Antiforgery";
        });
        services.AddSingleton<DashboardSessions>();
        services.AddSingleton<SignInLinks>();
        services.AddSingleton<Passkeys.PasskeyRelyingPartySource>();
        services.AddSingleton<Passkeys.PasskeyCeremonies>();
        services.AddSingleton<Providers.GatewayAdmin>();
        services.AddSingleton<DashboardSessionFilter>();
        services.AddSingleton<DashboardFormFilter>();
        services.AddSingleton<DashboardHostFilter>();
        return services;
    }
}
