using Sigilum.Core.Connections;
using Sigilum.Gateway.Diagnostics;

namespace Sigilum.Gateway.Connections;

/// <summary>
/// PATCH of a connection (spec §3.7) as named steps, each validating and applying one group of fields: only provided
/// fields change. A new auth_mode resets header name and prefix to that mode's defaults unless they are given too; a
/// new interval restarts the rotation clock from now. The first step that refuses decides the answer.
/// </summary>
internal static class ConnectionPatch
{
    /// <summary>The connection after <paramref name="request"/>, or why the request is refused (then <paramref name="next"/> is meaningless).</summary>
    public static GatewayError? Apply(ConnectionRecord current, UpdateConnectionRequest request, DateTimeOffset now, out ConnectionRecord next)
    {
        next = current with { UpdatedAt = now };
        return Mcp(current, request, ref next)
            ?? Name(request, ref next)
            ?? Upstream(request, ref next)
            ?? Auth(current, request, ref next)
            ?? SecretKey(current, request, ref next)
            ?? Lifecycle(request, now, ref next);
    }

    /// <summary>mcp_* fields, only on connections with protocol mcp.</summary>
    private static GatewayError? Mcp(ConnectionRecord current, UpdateConnectionRequest request, ref ConnectionRecord next)
    {
        if (current.Protocol != ConnectionValues.ProtocolMcp)
        {
            return request.HasMcpFields ? ConnectionErrors.Invalid("mcp_* fields are only allowed on connections with protocol mcp") : null;
        }
        if (McpFields.ApplyPatch(current, request, out var patched) is { } mcpError)
        {
            return mcpError;
        }
        next = next with
        {
            McpTransport = patched.Transport, McpEndpoint = patched.Endpoint, McpToolPolicy = patched.Policy, McpSubjectToolPolicies = patched.SubjectPolicies,
        };
        return null;
    }

    private static GatewayError? Name(UpdateConnectionRequest request, ref ConnectionRecord next)
    {
        if (request.Name is null)
        {
            return null;
        }
        var name = request.Name.Trim();
        if (name.Length == 0)
        {
            return ConnectionErrors.Invalid("name must not be empty");
        }
        if (ConnectionValidation.Name(name) is { } nameError)
        {
            return nameError;
        }
        next = next with { Name = name };
        return null;
    }

    /// <summary>base_url and path_prefix: where the connection forwards to.</summary>
    private static GatewayError? Upstream(UpdateConnectionRequest request, ref ConnectionRecord next)
    {
        if (request.BaseUrl is not null)
        {
            if (ConnectionValidation.BaseUrl(request.BaseUrl, out var baseUrl) is { } baseError)
            {
                return baseError;
            }
            next = next with { BaseUrl = baseUrl };
        }
        if (request.PathPrefix is not null)
        {
            if (ConnectionValidation.PathPrefix(request.PathPrefix, out var pathPrefix) is { } prefixError)
            {
                return prefixError;
            }
            next = next with { PathPrefix = pathPrefix };
        }
        return null;
    }

    /// <summary>auth_mode, auth_header_name and auth_prefix, checked together as they end up.</summary>
    private static GatewayError? Auth(ConnectionRecord current, UpdateConnectionRequest request, ref ConnectionRecord next)
    {
        if (request.AuthMode is not null)
        {
            if (ConnectionValidation.AuthMode(request.AuthMode, out var mode) is { } modeError)
            {
                return modeError;
            }
            if (mode != current.AuthMode)
            {
                next = next with { AuthMode = mode, AuthHeaderName = ConnectionValidation.DefaultHeaderName(mode), AuthPrefix = ConnectionValidation.DefaultPrefix(mode) };
            }
        }
        if (!string.IsNullOrWhiteSpace(request.AuthHeaderName))
        {
            next = next with { AuthHeaderName = request.AuthHeaderName.Trim() };
        }
        if (request.AuthPrefix is not null)
        {
            next = next with { AuthPrefix = request.AuthPrefix };
        }
        return ConnectionValidation.HeaderName(next.AuthHeaderName, next.AuthMode) ?? ConnectionValidation.Prefix(next.AuthPrefix);
    }

    /// <summary>auth_secret_key: which of the stored credential keys is injected.</summary>
    private static GatewayError? SecretKey(ConnectionRecord current, UpdateConnectionRequest request, ref ConnectionRecord next)
    {
        if (request.AuthSecretKey is null)
        {
            return null;
        }
        var key = request.AuthSecretKey.Trim();
        if (!current.CredentialKeys.Contains(key, StringComparer.Ordinal))
        {
            return ConnectionErrors.Invalid($"auth_secret_key \"{key}\" is not among the connection's credential_keys");
        }
        next = next with { AuthSecretKey = key };
        return null;
    }

    /// <summary>status, rotation_interval_days and hold_seconds.</summary>
    private static GatewayError? Lifecycle(UpdateConnectionRequest request, DateTimeOffset now, ref ConnectionRecord next)
    {
        if (request.Status is not null)
        {
            if (ConnectionValidation.Status(request.Status, out var status) is { } statusError)
            {
                return statusError;
            }
            next = next with { Status = status };
        }
        if (request.RotationIntervalDays is { } days)
        {
            if (ConnectionValidation.RotationInterval(days) is { } intervalError)
            {
                return intervalError;
            }
            next = next with { RotationIntervalDays = days > 0 ? days : null, NextRotationDueAt = ConnectionValidation.DueAt(now, days) };
        }
        if (request.HoldSeconds is { } hold)
        {
            if (ConnectionValidation.HoldSeconds(hold) is { } holdError)
            {
                return holdError;
            }
            next = next with { HoldSeconds = hold };
        }
        return null;
    }
}
