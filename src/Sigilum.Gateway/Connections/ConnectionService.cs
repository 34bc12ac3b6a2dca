using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Sigilum.Core.Connections;
using Sigilum.Core.Storage;

namespace Sigilum.Gateway.Connections;

/// <summary>
/// The admin operations on connections (spec §3.7): create, PATCH, rotate, delete. Validates and
/// normalises, seals the secret map per version, and writes through the shared store so every gateway
/// instance sees the change. Variables and service keys are in <c>ConnectionService.Credentials.cs</c>.
/// </summary>
internal sealed partial class ConnectionService(
    ISigilumStore store, ConnectionSealer sealer, ServiceKeyProvider serviceKeys, TimeProvider time, ILogger<ConnectionService> logger,
    ConnectionSecretCache cache, ConnectionRowCache rows)
{
    private IConnectionStore Connections => store.Connections;

    // After any write to the connection: its opened secrets and its row are not served from memory again.
    private void Invalidate(string id)
    {
        cache.Invalidate(id);
        rows.Invalidate(id);
    }

    public async Task<AdminOutcome<ConnectionRecord>> CreateAsync(CreateConnectionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var protocol = string.IsNullOrWhiteSpace(request.Protocol) ? ConnectionValues.ProtocolHttp : request.Protocol.Trim().ToLowerInvariant();
        if (protocol is not (ConnectionValues.ProtocolHttp or ConnectionValues.ProtocolMcp))
        {
            return ConnectionErrors.Invalid("protocol must be http or mcp");
        }
        var isMcp = protocol == ConnectionValues.ProtocolMcp;
        if (!isMcp && request.HasMcpFields)
        {
            return ConnectionErrors.Invalid("mcp_* fields are only allowed with protocol mcp");
        }
        var mcp = McpFields.Empty;
        if (isMcp && McpFields.FromCreate(request, out mcp) is { } mcpError)
        {
            return mcpError;
        }
        // Each rule in turn; the first failure is the answer (no ?? chain: definite assignment of the outs).
        var idError = ConnectionValidation.IdAndName(request.Id, request.Name, out var id, out var name);
        var baseError = ConnectionValidation.BaseUrl(request.BaseUrl, out var baseUrl);
        var prefixError = ConnectionValidation.PathPrefix(request.PathPrefix, out var pathPrefix);
        var modeError = ConnectionValidation.AuthMode(request.AuthMode, out var mode);
        var statusError = ConnectionValidation.Status(request.Status, out var status);
        var error = idError ?? baseError ?? prefixError ?? modeError ?? statusError ?? ConnectionValidation.RotationInterval(request.RotationIntervalDays)
            ?? ConnectionValidation.HoldSeconds(request.HoldSeconds);
        if (error is not null)
        {
            return error;
        }
        var header = string.IsNullOrWhiteSpace(request.AuthHeaderName) ? ConnectionValidation.DefaultHeaderName(mode) : request.AuthHeaderName.Trim();
        var prefix = request.AuthPrefix ?? ConnectionValidation.DefaultPrefix(mode);
        error = ConnectionValidation.HeaderName(header, mode) ?? ConnectionValidation.Prefix(prefix);
        if (error is not null)
        {
            return error;
        }
        using var secrets = request.Secrets?.Clone() ?? new SecretMap();
        error = ConnectionValidation.Secrets(secrets);
        if (error is not null)
        {
            return error;
        }
        var secretKey = request.AuthSecretKey?.Trim() ?? "";
        // An MCP server may need no credential (spec §3.7: only http requires a secret); then it has none at all, and
        // gets one with rotate + PATCH auth_secret_key. Given secrets always need the key that says which one is sent.
        if (secrets.Count == 0 && !(isMcp && secretKey.Length == 0))
        {
            return ConnectionErrors.Invalid("at least one secret is required");
        }
        if (secretKey.Length == 0 && secrets.Count > 0)
        {
            return ConnectionErrors.Invalid("auth_secret_key is required");
        }
        if (secretKey.Length > 0 && !secrets.ContainsKey(secretKey))
        {
            return ConnectionErrors.Invalid($"auth_secret_key \"{secretKey}\" is not among the secrets");
        }
        var now = time.GetUtcNow();
        var interval = request.RotationIntervalDays is > 0 ? request.RotationIntervalDays : null;
        var connection = new ConnectionRecord
        {
            Id = id,
            Name = name,
            Protocol = protocol,
            BaseUrl = baseUrl,
            PathPrefix = pathPrefix,
            AuthMode = mode,
            AuthHeaderName = header,
            AuthPrefix = prefix,
            AuthSecretKey = secretKey,
            CredentialKeys = [.. secrets.Keys],
            Status = status,
            CreatedAt = now,
            UpdatedAt = now,
            RotationIntervalDays = interval,
            NextRotationDueAt = ConnectionValidation.DueAt(now, interval),
            SecretVersion = 1,
            McpTransport = mcp.Transport,
            McpEndpoint = mcp.Endpoint,
            McpToolPolicy = mcp.Policy,
            McpSubjectToolPolicies = mcp.SubjectPolicies,
            HoldSeconds = request.HoldSeconds ?? 0,
        };
        var secret = new ConnectionSecretRecord { ConnectionId = id, Version = 1, Sealed = sealer.SealSecrets(id, 1, secrets), CreatedAt = now };
        if (!await Connections.CreateAsync(connection, secret, cancellationToken))
        {
            return ConnectionErrors.Exists(id);
        }
        Invalidate(id);
        ConnectionLog.Changed(logger, id, "created");
        return AdminOutcome<ConnectionRecord>.Ok((await Connections.GetAsync(id, cancellationToken))!);
    }

    public Task<IReadOnlyList<ConnectionRecord>> ListAsync(CancellationToken cancellationToken) => Connections.ListAsync(cancellationToken);

    public async Task<AdminOutcome<ConnectionRecord>> GetAsync(string id, CancellationToken cancellationToken) =>
        await Connections.GetAsync(id, cancellationToken) is { } connection
            ? AdminOutcome<ConnectionRecord>.Ok(connection)
            : ConnectionErrors.NotFound(id);

    /// <summary>PATCH: only provided fields change (the steps and their rules: <see cref="ConnectionPatch"/>).</summary>
    public async Task<AdminOutcome<ConnectionRecord>> UpdateAsync(string id, UpdateConnectionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Secrets is not null)
        {
            return ConnectionErrors.Invalid("secrets cannot be changed with PATCH; use POST /api/admin/connections/{id}/rotate");
        }
        if (await Connections.GetAsync(id, cancellationToken) is not { } current)
        {
            return ConnectionErrors.NotFound(id);
        }
        if (ConnectionPatch.Apply(current, request, time.GetUtcNow(), out var next) is { } error)
        {
            return error;
        }
        var updated = await Connections.UpdateAsync(next, cancellationToken);
        if (updated == ConnectionWriteOutcome.Written && current.Protocol == ConnectionValues.ProtocolMcp && current.McpDiscovery is not null && McpFields.ServerChanged(current, next))
        {
            // Another server (or another way to reach it): the tools listed before say nothing about it.
            await Connections.RecordDiscoveryAsync(id, null, cancellationToken);
        }
        Invalidate(id);
        return updated switch
        {
            ConnectionWriteOutcome.Written => Logged(id, "updated", await Connections.GetAsync(id, cancellationToken)),
            ConnectionWriteOutcome.NotFound => ConnectionErrors.NotFound(id),
            _ => ConnectionErrors.Conflict(id),
        };
    }

    /// <summary>
    /// Merges the new non-empty values into the current map and stores it as the next version (old versions
    /// are kept). Nothing changed → "secrets are required" (spec §3.7).
    /// </summary>
    public async Task<AdminOutcome<ConnectionRecord>> RotateAsync(string id, RotateConnectionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (await Connections.GetAsync(id, cancellationToken) is not { } current)
        {
            return ConnectionErrors.NotFound(id);
        }
        using var incoming = request.Secrets?.Clone() ?? new SecretMap();
        if (ConnectionValidation.Secrets(incoming) is { } secretsError)
        {
            return secretsError;
        }
        if (incoming.Count == 0)
        {
            return ConnectionErrors.Invalid("secrets are required");
        }
        if (await Connections.GetSecretAsync(id, current.SecretVersion, cancellationToken) is not { } stored)
        {
            return ConnectionErrors.Unusable($"connection \"{id}\" has no secret version {current.SecretVersion}");
        }
        using var merged = sealer.OpenSecrets(id, current.SecretVersion, stored.Sealed);
        if (merged is null)
        {
            return ConnectionErrors.SecretUnreadable(id);
        }
        var changed = false;
        foreach (var (key, value) in incoming.Entries)
        {
            if (!merged.TryGet(key, out var old) || !CryptographicOperations.FixedTimeEquals(old, value))
            {
                merged.Set(key, (byte[])value.Clone());
                changed = true;
            }
        }
        if (!changed)
        {
            return ConnectionErrors.Invalid("secrets are required");
        }
        var now = time.GetUtcNow();
        var version = current.SecretVersion + 1;
        var next = current with
        {
            CredentialKeys = [.. merged.Keys],
            SecretVersion = version,
            LastRotatedAt = now,
            NextRotationDueAt = ConnectionValidation.DueAt(now, current.RotationIntervalDays),
            UpdatedAt = now,
            RotatedBy = ConnectionValidation.Subject(request.RotatedBy),
            RotationReason = ConnectionValidation.Subject(request.RotationReason),
        };
        var secret = new ConnectionSecretRecord { ConnectionId = id, Version = version, Sealed = sealer.SealSecrets(id, version, merged), CreatedAt = now };
        var rotated = await Connections.RotateAsync(next, secret, cancellationToken);
        // The old version's opened map leaves memory now, not when the next request notices the new version.
        Invalidate(id);
        return rotated switch
        {
            ConnectionWriteOutcome.Written => Logged(id, "rotated to secret version " + version.ToString(System.Globalization.CultureInfo.InvariantCulture), await Connections.GetAsync(id, cancellationToken)),
            ConnectionWriteOutcome.NotFound => ConnectionErrors.NotFound(id),
            _ => ConnectionErrors.Conflict(id),
        };
    }

    public async Task<Diagnostics.GatewayError?> DeleteAsync(string id, CancellationToken cancellationToken)
    {
        var deleted = await Connections.DeleteAsync(id, cancellationToken);
        Invalidate(id);
        if (!deleted)
        {
            return ConnectionErrors.NotFound(id);
        }
        ConnectionLog.Changed(logger, id, "deleted");
        return null;
    }

    private AdminOutcome<ConnectionRecord> Logged(string id, string action, ConnectionRecord? stored)
    {
        if (stored is null)
        {
            // Deleted between our write and the read back.
            return ConnectionErrors.NotFound(id);
        }
        ConnectionLog.Changed(logger, id, action);
        return AdminOutcome<ConnectionRecord>.Ok(stored);
    }
}
