using System.Security.Cryptography;
using Sigilum.Core.Connections;
using Sigilum.Gateway.Diagnostics;

namespace Sigilum.Gateway.Connections;

/// <summary>Credential variables and service API keys: validated, sealed, stored; values never returned.</summary>
internal sealed partial class ConnectionService
{
    public async Task<AdminOutcome<CredentialVariableRecord>> UpsertVariableAsync(CredentialVariableRequest request, string? subjectHeader, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var key = request.Key?.Trim() ?? "";
        if (!ConnectionValidation.VariableKeyPattern().IsMatch(key))
        {
            return ConnectionErrors.Invalid("key must be 2-128 characters of letters, digits, '.', '_' or '-'");
        }
        if (request.Value is null || SecretBytes.Trim(request.Value).IsEmpty)
        {
            return ConnectionErrors.Invalid("value is required");
        }
        if (request.Value.Length > ConnectionValidation.MaxVariableValueBytes)
        {
            return ConnectionErrors.Invalid($"value must be at most {ConnectionValidation.MaxVariableValueBytes} bytes");
        }
        var now = time.GetUtcNow();
        var stored = await Connections.UpsertVariableAsync(new CredentialVariableRecord
        {
            Key = key,
            SealedValue = sealer.Seal(request.Value, ConnectionSealer.VariableBinding(key)),
            CreatedAt = now,
            UpdatedAt = now,
            // The caller's subject header wins over the body (spec §3.1).
            CreatedBySubject = ConnectionValidation.Subject(subjectHeader) ?? ConnectionValidation.Subject(request.CreatedBySubject),
        }, cancellationToken);
        ConnectionLog.VariableChanged(logger, key, "set");
        return AdminOutcome<CredentialVariableRecord>.Ok(stored);
    }

    public async Task<IReadOnlyList<CredentialVariableRecord>> ListVariablesAsync(CancellationToken cancellationToken) =>
        await Connections.ListVariablesAsync(cancellationToken);

    public async Task<GatewayError?> DeleteVariableAsync(string key, CancellationToken cancellationToken)
    {
        if (!await Connections.DeleteVariableAsync(key, cancellationToken))
        {
            return ConnectionErrors.VariableNotFound(key);
        }
        ConnectionLog.VariableChanged(logger, key, "deleted");
        return null;
    }

    /// <summary>Seals and stores the key, and updates this instance's map at once (others pick it up on their next refresh).</summary>
    public async Task<AdminOutcome<ServiceKeyView>> SetServiceKeyAsync(string connectionId, ServiceKeyRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!ConnectionValidation.IsValidId(connectionId))
        {
            return ConnectionErrors.Invalid("connection id must be 1-128 characters of a-z, 0-9, '.', '_' or '-'");
        }
        if (request.Key is null)
        {
            return ConnectionErrors.Invalid("key is required");
        }
        var trimmed = SecretBytes.Trim(request.Key);
        if (trimmed.IsEmpty)
        {
            return ConnectionErrors.Invalid("key is required");
        }
        // It is sent as "Authorization: Bearer <key>" to the control plane.
        if (trimmed.Length > 4096 || !SecretBytes.IsHeaderSafe(trimmed))
        {
            return ConnectionErrors.Invalid("key must be at most 4096 bytes without control characters");
        }
        var sealedKey = sealer.Seal(trimmed, ConnectionSealer.ServiceKeyBinding(connectionId));
        await Connections.SetServiceKeyAsync(new ServiceKeyRecord { ConnectionId = connectionId, SealedKey = sealedKey, UpdatedAt = time.GetUtcNow() }, cancellationToken);
        serviceKeys.Remember(connectionId, sealedKey);
        ConnectionLog.Changed(logger, connectionId, "service API key set");
        return AdminOutcome<ServiceKeyView>.Ok(DescribeServiceKey(connectionId));
    }

    public ServiceKeyView DescribeServiceKey(string connectionId)
    {
        var (key, source) = serviceKeys.FindWithSource(connectionId);
        return key is null
            ? new ServiceKeyView(connectionId, false, null, null)
            : new ServiceKeyView(connectionId, true, KeyPrefix(key), source);
    }

    /// <summary>The first 8 characters, or fewer (at most a quarter) for keys shorter than 32, then <c>...</c>.</summary>
    internal static string KeyPrefix(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var shown = key.Length >= 32 ? 8 : key.Length / 4;
        return key[..shown] + "...";
    }

    internal static void Zero(byte[]? value)
    {
        if (value is not null)
        {
            CryptographicOperations.ZeroMemory(value);
        }
    }
}
