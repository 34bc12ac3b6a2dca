using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Sigilum.Gateway.Hosting;

/// <summary>
/// The one startup posture line (house rule 8): where the gateway listens, how admin access is decided, where the
/// admin token comes from, and every insecure switch that is on. Written at Warning when any switch is on.
/// </summary>
internal static partial class GatewayPosture
{
    public static string Describe(GatewayOptions options, IReadOnlyList<string> urls)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(urls);
        var admin = options.Operations.Admin;
        var insecure = IsInsecure(options) ? "InsecureOpenAdmin=ON (any client that reaches the port administers the gateway)" : "insecure switches: none";
        return string.Create(CultureInfo.InvariantCulture,
            $"Gateway posture: listening on {string.Join(", ", urls)}; admin mode {admin.Mode.ToString().ToLowerInvariant()}, " +
            $"state-changing admin routes need the admin token ({(string.IsNullOrEmpty(admin.Token) ? options.AdminTokenPath : "GATEWAY_ADMIN_TOKEN")}); " +
            $"trusted proxies: {(admin.TrustedProxyCidrs.Count == 0 ? "none" : string.Join(",", admin.TrustedProxyCidrs))}; {insecure}.");
    }

    public static bool IsInsecure(GatewayOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Operations.Admin.InsecureOpenAdmin;
    }

    public static void Write(ILogger logger, GatewayOptions options, IReadOnlyList<string> urls)
    {
        ArgumentNullException.ThrowIfNull(logger);
        var line = Describe(options, urls);
        if (IsInsecure(options))
        {
            Insecure(logger, line);
        }
        else
        {
            Secure(logger, line);
        }
    }

    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "{Line}")]
    private static partial void Secure(ILogger logger, string line);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Warning, Message = "{Line}")]
    private static partial void Insecure(ILogger logger, string line);
}
