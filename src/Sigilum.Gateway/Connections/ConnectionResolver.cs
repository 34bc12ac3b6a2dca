using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Sigilum.Backends;
using Sigilum.Core.Connections;
using Sigilum.Core.Secrets;
using Sigilum.Core.Storage;
using Sigilum.Gateway.Forwarding;

namespace Sigilum.Gateway.Connections;

/// <summary>
/// Turns a connection id into what the proxy needs (spec §3.4 steps 5-6): the connection must exist and be
/// active, its current secret version is opened, whole-value <c>{{KEY}}</c> references are replaced by
/// credential variables and whole-value <c>{{backend:NAME:REF}}</c> references by a just-in-time backend
/// fetch (issue #7 §4; never stored, never cached beyond the backend's own TTL rules), the credential is built for the auth mode, and the rotation policy is applied.
/// Reads the connection row from the shared store unless the store's change stamp proves nothing was committed since it
/// was last read (<see cref="ConnectionRowCache"/>, ADR 0033), so a rotation or disable on any instance applies to
/// the next request everywhere; the opened secret map of the row's current version comes from
/// <see cref="ConnectionSecretCache"/> when it holds exactly that version. Plaintext exists only in byte arrays that are
/// zeroed on every path.
/// </summary>
internal sealed partial class ConnectionResolver(
    ISigilumStore store, ConnectionSealer sealer, ConnectionOptions options, ConnectionBackends backends, TimeProvider time, ILogger<ConnectionResolver> logger,
    ConnectionSecretCache cache, ConnectionRowCache rows)
{
    /// <summary>Secrets shorter than this are not handed to the echo scrubber (see <see cref="ConnectionResolution.Secrets"/>).</summary>
    public const int MinScrubLength = 8;

    /// <summary>Resolves for the proxy: an overdue rotation in block mode fails with 403 <c>ROTATION_REQUIRED</c>.</summary>
    public Task<ConnectionResolution> ResolveAsync(string connectionId, CancellationToken ct) => ResolveAsync(connectionId, enforceRotation: true, ct);

    /// <summary>
    /// <see cref="PrepareAsync(string, bool, CancellationToken)"/> and <see cref="CompleteAsync"/> in one go, for callers that
    /// audit nothing in between (the admin connection test). With <paramref name="enforceRotation"/> false an overdue rotation
    /// is reported in <see cref="ConnectionResolution.Rotation"/> but does not fail, so an operator can still check a
    /// connection that block mode is holding back.
    /// </summary>
    public Task<ConnectionResolution> ResolveAsync(string connectionId, bool enforceRotation, CancellationToken ct) =>
        ResolveAsync(connectionId, ConnectionValues.ProtocolHttp, enforceRotation, ct);

    /// <summary>As <see cref="ResolveAsync(string, bool, CancellationToken)"/> for a connection of <paramref name="protocol"/> (the admin MCP discover).</summary>
    public async Task<ConnectionResolution> ResolveAsync(string connectionId, string protocol, bool enforceRotation, CancellationToken ct)
    {
        using var prepared = await PrepareAsync(connectionId, protocol, enforceRotation, ct);
        return await CompleteAsync(prepared, ct);
    }

    /// <summary>Prepares for the proxy (rotation enforced): everything up to, not including, a backend fetch.</summary>
    public Task<PreparedConnection> PrepareAsync(string connectionId, CancellationToken ct) => PrepareAsync(connectionId, enforceRotation: true, ct);

    /// <summary>
    /// Checks the connection (exists, active, http, rotation), opens its current secret version and fills in
    /// <c>{{KEY}}</c> credential variables, and names the backends that <c>{{backend:NAME:REF}}</c> values will be
    /// fetched from (an unconfigured backend fails here). No backend is contacted: that happens in
    /// <see cref="CompleteAsync"/>, after the caller's audit record is durable (issue #12 item 5).
    /// </summary>
    public Task<PreparedConnection> PrepareAsync(string connectionId, bool enforceRotation, CancellationToken ct) =>
        PrepareAsync(connectionId, ConnectionValues.ProtocolHttp, enforceRotation, ct);

    /// <summary>
    /// As <see cref="PrepareAsync(string, bool, CancellationToken)"/> for a connection of <paramref name="protocol"/>: the
    /// other protocol's connection is refused (400) with the route that serves it, so <c>/proxy</c> never sends plain HTTP
    /// to an MCP server and <c>/mcp</c> never speaks JSON-RPC to a REST API.
    /// </summary>
    public async Task<PreparedConnection> PrepareAsync(string connectionId, string protocol, bool enforceRotation, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(connectionId);
        ArgumentNullException.ThrowIfNull(protocol);
        var generation = cache.Generation;
        if (await ReadRowAsync(connectionId, ct) is not { } connection)
        {
            return PreparedConnection.Fail(ConnectionErrors.NotFound(connectionId));
        }
        if (connection.Status != ConnectionValues.StatusActive)
        {
            return PreparedConnection.Fail(ConnectionErrors.Unusable($"connection \"{connectionId}\" is disabled"));
        }
        if (connection.Protocol != protocol)
        {
            return PreparedConnection.Fail(ConnectionErrors.Unusable(connection.Protocol == ConnectionValues.ProtocolMcp
                ? $"connection \"{connectionId}\" is an MCP connection: use /mcp/{connectionId}/tools, /mcp/{connectionId}/tools/<tool>/explain and /mcp/{connectionId}/tools/<tool>/call"
                : $"connection \"{connectionId}\" is not an MCP connection: use /proxy/{connectionId}/<path>"));
        }
        var rotation = RotationState.Evaluate(connection.NextRotationDueAt, time.GetUtcNow(), options.RotationEnforcement, options.RotationGraceDays);
        if (rotation.Status != RotationStatus.Ok)
        {
            ConnectionLog.RotationOverdue(logger, connectionId, rotation.DueAt!.Value, options.RotationEnforcement);
            if (rotation.Status == RotationStatus.Block && enforceRotation)
            {
                return PreparedConnection.Fail(ConnectionErrors.RotationRequired(connectionId, rotation.DueAt.Value));
            }
        }
        var secrets = cache.TryClone(connectionId, connection.SecretVersion, connection.CreatedAt);
        if (secrets is null)
        {
            if (await store.Connections.GetSecretAsync(connectionId, connection.SecretVersion, ct) is not { } stored)
            {
                return PreparedConnection.Fail(ConnectionErrors.Unusable($"connection \"{connectionId}\" has no secret version {connection.SecretVersion}"));
            }
            secrets = sealer.OpenSecrets(connectionId, connection.SecretVersion, stored.Sealed);
            if (secrets is null)
            {
                ConnectionLog.SecretUnreadable(logger, connectionId, connection.SecretVersion);
                return PreparedConnection.Fail(ConnectionErrors.SecretUnreadable(connectionId));
            }
            cache.Add(connectionId, connection.SecretVersion, connection.CreatedAt, secrets, generation);
        }
        var backendNames = new SortedSet<string>(StringComparer.Ordinal);
        var (variableError, substituted) = await ResolveVariablesAsync(secrets, connectionId, backendNames, ct);
        if (variableError is not null)
        {
            secrets.Dispose();
            return PreparedConnection.Fail(variableError);
        }
        // Values filled in per request (credential variables, backend fetches) may differ between requests of the same
        // version: only a map that is exactly the sealed row's may share the echo spellings cached with it.
        var sealedRowOnly = !substituted && backendNames.Count == 0;
        return PreparedConnection.Ok(connection, secrets, [.. backendNames], rotation, sealedRowOnly);
    }

    /// <summary>
    /// The connection row as the store holds it now: from <see cref="ConnectionRowCache"/> when the store's change stamp
    /// still reads what it read before that row was cached (nothing committed since, by any instance), else from the
    /// store. The stamp is read before the row, so a commit racing the read changes the stamp the next request sees.
    /// </summary>
    /// <summary>
    /// How long the connection lets an unapproved agent's request be held while the owner decides (ADR 0055); 0 when it does
    /// not, or does not exist (the release step then answers that). Read only on the unapproved path, from the row cache.
    /// </summary>
    public async Task<int> HoldSecondsAsync(string connectionId, CancellationToken ct) =>
        await ReadRowAsync(connectionId, ct) is { Status: ConnectionValues.StatusActive } connection ? connection.HoldSeconds : 0;

    private async Task<ConnectionRecord?> ReadRowAsync(string connectionId, CancellationToken ct)
    {
        var rowGeneration = rows.Generation;
        var stamp = store.Connections.ReadChangeStamp();
        if (stamp is { } unchanged && rows.TryGet(connectionId, unchanged) is { } cached)
        {
            return cached;
        }
        var connection = await store.Connections.GetAsync(connectionId, ct);
        if (connection is not null && stamp is { } readAfter)
        {
            rows.Add(connectionId, readAfter, connection, rowGeneration);
        }
        return connection;
    }

    /// <summary>
    /// Fetches the prepared connection's backend values (the only step that reaches outside the gateway, so callers
    /// run it after their audit record is durable), then builds the credential for the auth mode.
    /// </summary>
    public async Task<ConnectionResolution> CompleteAsync(PreparedConnection prepared, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(prepared);
        if (!prepared.Succeeded)
        {
            return ConnectionResolution.Fail(prepared.Error);
        }
        var connection = prepared.Connection;
        var connectionId = connection.Id;
        var secrets = prepared.Secrets;
        foreach (var (name, stored) in secrets.Entries.ToList())
        {
            if (BackendReference(SecretBytes.Trim(stored)) is { } placeholder &&
                await FetchFromBackendAsync(secrets, name, placeholder, connectionId, ct) is { } backendError)
            {
                return ConnectionResolution.Fail(backendError);
            }
        }
        if (connection.Protocol == ConnectionValues.ProtocolMcp && connection.AuthSecretKey.Length == 0)
        {
            // An MCP connection created without a credential (spec §3.7 requires one only for http): nothing to inject.
            return ConnectionResolution.Ok(connection, new Uri(connection.BaseUrl + connection.PathPrefix, UriKind.Absolute), null, null, ScrubList(secrets), prepared.Rotation);
        }
        if (!secrets.TryGet(connection.AuthSecretKey, out var raw) || SecretBytes.Trim(raw).IsEmpty)
        {
            return ConnectionResolution.Fail(ConnectionErrors.Unusable($"connection \"{connectionId}\" has no value for auth_secret_key \"{connection.AuthSecretKey}\""));
        }
        var secret = Normalise(raw, connection.AuthPrefix);
        if (secret.IsEmpty || !SecretBytes.IsHeaderSafe(secret))
        {
            return ConnectionResolution.Fail(ConnectionErrors.Unusable($"connection \"{connectionId}\" secret \"{connection.AuthSecretKey}\" is empty or contains control characters"));
        }
        var value = Concat(EffectivePrefix(connection), secret);
        var scrub = new List<byte[]> { secret.ToArray() };
        foreach (var (key, other) in secrets.Entries)
        {
            var trimmed = SecretBytes.Trim(other);
            if (key != connection.AuthSecretKey && trimmed.Length >= MinScrubLength)
            {
                scrub.Add(trimmed.ToArray());
            }
        }
        if (scrub[0].Length < MinScrubLength)
        {
            CryptographicOperations.ZeroMemory(scrub[0]);
            scrub.RemoveAt(0);
        }
        // The echo scrubber's spellings are derived once per connection and secret version (ADR 0044), not per request.
        var echo = prepared.SealedRowOnly
            ? cache.TryLeaseSpellings(connectionId, connection.SecretVersion, connection.CreatedAt, SpellingsShape(connection), scrub, EchoMarker.Gateway)
            : null;
        var upstream = new Uri(connection.BaseUrl + connection.PathPrefix, UriKind.Absolute);
        var rotation = prepared.Rotation;
        return connection.AuthMode == ConnectionValues.AuthQueryParam
            ? ConnectionResolution.Ok(connection, upstream, null, new InjectedQueryParameter(connection.AuthHeaderName, value), scrub, rotation, echo)
            : ConnectionResolution.Ok(connection, upstream, new InjectedHeader(connection.AuthHeaderName, value), null, scrub, rotation, echo);
    }

    /// <summary>
    /// Besides the secret version, what decides the scrubbed values: which key is the credential (normalised with the
    /// prefix, the other keys trimmed). A change to either (even one that left the version alone) derives new spellings.
    /// </summary>
    private static string SpellingsShape(ConnectionRecord connection)
    {
        var key = connection.AuthSecretKey;
        var prefix = connection.AuthPrefix;
        return prefix.Length == 0 ? key : string.Concat(key, "\n", prefix);
    }

    /// <summary>Copies of every secret long enough to scrub from echoes (the credential-less MCP case: none is injected).</summary>
    private static List<byte[]> ScrubList(SecretMap secrets)
    {
        var scrub = new List<byte[]>();
        foreach (var (_, other) in secrets.Entries)
        {
            var trimmed = SecretBytes.Trim(other);
            if (trimmed.Length >= MinScrubLength)
            {
                scrub.Add(trimmed.ToArray());
            }
        }
        return scrub;
    }

    /// <summary>bearer: the configured prefix or <c>Bearer </c>; header_key and query_param: the configured prefix (maybe empty).</summary>
    internal static string EffectivePrefix(ConnectionRecord connection) =>
        connection.AuthMode == ConnectionValues.AuthBearer && connection.AuthPrefix.Length == 0 ? "Bearer " : connection.AuthPrefix;

    /// <summary>
    /// Spec §3.7: trimmed, then a leading copy of the configured prefix and of <c>Bearer</c> removed (case-insensitive,
    /// only when whitespace follows), so a pasted "Bearer sk-…" does not become "Bearer Bearer sk-…".
    /// </summary>
    internal static ReadOnlySpan<byte> Normalise(ReadOnlySpan<byte> raw, string prefix)
    {
        var value = SecretBytes.Trim(raw);
        value = SecretBytes.StripPrefix(value, prefix);
        return SecretBytes.StripPrefix(value, "Bearer");
    }

    private static byte[] Concat(string prefix, ReadOnlySpan<byte> secret)
    {
        var value = new byte[Encoding.ASCII.GetByteCount(prefix) + secret.Length];
        var written = Encoding.ASCII.GetBytes(prefix, value);
        secret.CopyTo(value.AsSpan(written));
        return value;
    }

    /// <summary>
    /// Replaces each secret whose whole trimmed value is <c>{{KEY}}</c> with that variable's value (no
    /// substring interpolation). An unset variable makes the connection unusable (400). Whole-value backend
    /// placeholders are left for <see cref="CompleteAsync"/>; their backend must be configured (else 400) and its
    /// name is added to <paramref name="backendNames"/>.
    /// </summary>
    private async Task<(Diagnostics.GatewayError? Error, bool Substituted)> ResolveVariablesAsync(SecretMap secrets, string connectionId, SortedSet<string> backendNames, CancellationToken ct)
    {
        var substituted = false;
        foreach (var (name, value) in secrets.Entries.ToList())
        {
            if (BackendReference(SecretBytes.Trim(value)) is { } placeholder)
            {
                if (!backends.TryGet(placeholder.BackendName, out _))
                {
                    return (ConnectionErrors.Unusable($"connection \"{connectionId}\" secret \"{name}\" references backend \"{placeholder.BackendName}\", which is not configured (Gateway:Backends)"), substituted);
                }
                backendNames.Add(placeholder.BackendName);
                continue;
            }
            if (VariableReference(SecretBytes.Trim(value)) is not { } key)
            {
                continue;
            }
            if (await store.Connections.GetVariableAsync(key, ct) is not { } variable)
            {
                return (ConnectionErrors.Unusable($"connection \"{connectionId}\" secret \"{name}\" references credential variable \"{key}\", which is not set"), substituted);
            }
            if (sealer.Open(variable.SealedValue, ConnectionSealer.VariableBinding(key)) is not { } plain)
            {
                ConnectionLog.VariableUnreadable(logger, key);
                return (ConnectionErrors.SecretUnreadable(connectionId), substituted);
            }
            secrets.Set(name, plain);
            substituted = true;
        }
        return (null, substituted);
    }

    /// <summary>
    /// Fetches <paramref name="placeholder"/> within <see cref="ConnectionOptions.BackendFetchBudget"/> and puts the
    /// value in the map (which zeroes it with the rest); the backend's <see cref="Credential"/> is disposed (zeroed,
    /// a revoke-after-use lease revoked) as soon as it is copied. Nothing is written back to the store.
    /// </summary>
    private async Task<Diagnostics.GatewayError?> FetchFromBackendAsync(SecretMap secrets, string name, BackendPlaceholder placeholder, string connectionId, CancellationToken ct)
    {
        if (!backends.TryGet(placeholder.BackendName, out var backend))
        {
            return ConnectionErrors.Unusable($"connection \"{connectionId}\" secret \"{name}\" references backend \"{placeholder.BackendName}\", which is not configured (Gateway:Backends)");
        }
        using var budget = new CancellationTokenSource(options.BackendFetchBudget, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, budget.Token);
        BackendResult fetched;
        var fetch = backend.FetchAsync(placeholder.Reference, linked.Token);
        try
        {
            fetched = await fetch.WaitAsync(linked.Token);
        }
        catch (OperationCanceledException) when (budget.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            // A backend that finishes after we gave up still hands over a credential: zero it when it arrives.
            _ = fetch.ContinueWith(t => t.Result.Credential?.Dispose(), CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
            ConnectionLog.BackendFetchFailed(logger, connectionId, placeholder.BackendName, ErrorCatalogue.BackendTimeout, "no answer within the budget");
            return ConnectionErrors.BackendTimeout(connectionId, placeholder.BackendName);
        }
        if (!fetched.IsSuccess)
        {
            ConnectionLog.BackendFetchFailed(logger, connectionId, placeholder.BackendName, fetched.Error!.Code, fetched.Error.Message);
            return ConnectionErrors.BackendFailed(connectionId, fetched.Error);
        }
        using var credential = fetched.Credential!;
        secrets.Set(name, credential.Value.ToArray());
        return null;
    }

    /// <summary>The placeholder of a value that is exactly <c>{{backend:NAME:REF}}</c>, else null (a real secret is never decoded).</summary>
    internal static BackendPlaceholder? BackendReference(ReadOnlySpan<byte> value) =>
        value.StartsWith("{{backend:"u8) && value.EndsWith("}}"u8) && value.Length <= 4096 &&
        BackendPlaceholder.TryParse(Encoding.UTF8.GetString(value), out var placeholder) ? placeholder : null;

    /// <summary>The KEY of a value that is exactly <c>{{KEY}}</c>, else null.</summary>
    internal static string? VariableReference(ReadOnlySpan<byte> value)
    {
        if (value.Length < 6 || !value.StartsWith("{{"u8) || !value.EndsWith("}}"u8))
        {
            return null;
        }
        var inner = value[2..^2];
        foreach (var b in inner)
        {
            if (!(b is (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'a' and <= (byte)'z') or (>= (byte)'0' and <= (byte)'9') or (byte)'.' or (byte)'_' or (byte)'-'))
            {
                return null;
            }
        }
        return inner.Length is >= 2 and <= 128 ? Encoding.ASCII.GetString(inner) : null;
    }
}
