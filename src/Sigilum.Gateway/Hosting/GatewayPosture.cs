using System.Globalization;
using Microsoft.Extensions.Logging;
using Sigilum.Core.Processes;

namespace Sigilum.Gateway.Hosting;

/// <summary>
/// The one startup posture line (house rule 8): who the process runs as and whether its memory can be read
/// (MEM-03), where the gateway listens, how admin access is decided, where the admin token comes from, and every
/// insecure switch that is on. Written at Warning when any switch is on or the process posture is weak (root, or
/// the agent's own user).
/// </summary>
internal static partial class GatewayPosture
{
    public static string Describe(GatewayOptions options, IReadOnlyList<string> urls, ProcessPosture? process = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(urls);
        var admin = options.Operations.Admin;
        var insecure = IsInsecure(options) ? "InsecureOpenAdmin=ON (any client that reaches the port administers the gateway)" : "insecure switches: none";
        var processPart = process is null ? string.Empty : process.Describe() + "; ";
        return string.Create(CultureInfo.InvariantCulture,
            $"Gateway posture: {processPart}listening on {string.Join(", ", urls)}; admin mode {admin.Mode.ToString().ToLowerInvariant()}, " +
            $"state-changing admin routes need the admin token ({(string.IsNullOrEmpty(admin.Token) ? options.AdminTokenPath : "GATEWAY_ADMIN_TOKEN")}); " +
            $"store {StoreOf(options)}; trusted proxies: {(admin.TrustedProxyCidrs.Count == 0 ? "none" : string.Join(",", admin.TrustedProxyCidrs))}; {insecure}.");
    }

    /// <summary>The store and replay state; for PostgreSQL the connection string is never shown (it may carry a password), only that it is set.</summary>
    private static string StoreOf(GatewayOptions options) => options.Store == "postgres"
        ? $"postgres (connection string set, not shown), replay state {options.EffectiveReplayState}"
        : $"sqlite, replay state {options.EffectiveReplayState}";

    public static bool IsInsecure(GatewayOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.Operations.Admin.InsecureOpenAdmin;
    }

    public static void Write(ILogger logger, GatewayOptions options, IReadOnlyList<string> urls, ProcessPosture? process = null)
    {
        ArgumentNullException.ThrowIfNull(logger);
        var line = Describe(options, urls, process);
        // Root or the agent's own user is allowed (dev `sigilum up`), but said loudly (reliability MEM-03).
        if (IsInsecure(options) || process is { IsWeak: true })
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
