using Microsoft.AspNetCore.Http;
using Sigilum.Gateway.Diagnostics;

namespace Sigilum.Gateway.Mcp;

/// <summary>The <c>refresh</c> query parameter with Sigilum's aliases (spec §3.10); anything else is 400 <c>INVALID_REFRESH_MODE</c>.</summary>
internal static class McpRefreshModes
{
    public static readonly GatewayError Invalid = new(StatusCodes.Status400BadRequest, ErrorCatalogue.InvalidRefreshMode,
        "refresh must be auto (or if_stale, cache, false, 0, no) or force (or always, true, 1, yes)");

    /// <summary>The mode <paramref name="value"/> names; <paramref name="fallback"/> when it is absent or empty; null when it names none.</summary>
    public static McpRefreshMode? Parse(string? value, McpRefreshMode fallback)
    {
        var text = value?.Trim().ToLowerInvariant();
        return text switch
        {
            null or "" => fallback,
            "auto" or "if_stale" or "cache" or "false" or "0" or "no" => McpRefreshMode.Auto,
            "force" or "always" or "true" or "1" or "yes" => McpRefreshMode.Force,
            _ => null,
        };
    }
}
