using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Sigilum.Core.Connections;
using Sigilum.Gateway.Connections;

namespace Sigilum.Gateway.Mcp;

/// <summary>
/// Operator-side discovery: <c>POST /api/admin/connections/{id}/discover</c> and the background pre-warm after an MCP
/// connection is created or edited without a discovery (spec §3.10: 20 s budget). Like the admin connection test it
/// resolves the credential without an agent, so block-mode rotation does not stop an operator's check; agents' discoveries
/// go through the <c>/mcp</c> routes and their audit record. Pre-warms are bounded in number and cancelled at shutdown.
/// </summary>
internal sealed class McpDiscoveryService(
    ConnectionResolver resolver, McpDiscoveryCache cache, McpGatewayOptions options, TimeProvider time, IHostApplicationLifetime lifetime,
    ILogger<McpDiscoveryService> logger) : IDisposable
{
    private readonly SemaphoreSlim _slots = new(options.MaxConcurrentPrewarms, options.MaxConcurrentPrewarms);
    private readonly ConcurrentDictionary<string, Task> _prewarms = new(StringComparer.Ordinal);

    /// <summary>Resolves the MCP connection <paramref name="id"/> and reads its tool list in <paramref name="mode"/>.</summary>
    public async Task<AdminOutcome<McpDiscoveryRead>> DiscoverAsync(string id, McpRefreshMode mode, CancellationToken cancellationToken)
    {
        using var resolution = await resolver.ResolveAsync(id, ConnectionValues.ProtocolMcp, enforceRotation: false, cancellationToken);
        if (!resolution.Succeeded)
        {
            return resolution.Error;
        }
        var read = await cache.GetAsync(resolution.Connection, McpUpstreamTargets.From(resolution), mode, cancellationToken);
        return read.Succeeded ? AdminOutcome<McpDiscoveryRead>.Ok(read.Value!) : read.Error;
    }

    /// <summary>
    /// Starts a background discovery of <paramref name="id"/> (auto mode) within the pre-warm budget, unless
    /// <see cref="McpGatewayOptions.MaxConcurrentPrewarms"/> are already running. Never throws; failures are logged (and
    /// stored in <c>last_discovery_error</c> by the cache).
    /// </summary>
    public void Prewarm(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (!_slots.Wait(0))
        {
            McpLog.PrewarmSkipped(logger, id, options.MaxConcurrentPrewarms);
            return;
        }
        var task = Task.Run(() => RunPrewarmAsync(id));
        _prewarms[id] = task;
        _ = task.ContinueWith(done => _prewarms.TryRemove(new KeyValuePair<string, Task>(id, done)), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
    }

    /// <summary>The running pre-warm of <paramref name="id"/>, or a completed task (for tests and an orderly shutdown).</summary>
    public Task PrewarmOf(string id) => _prewarms.TryGetValue(id, out var task) ? task : Task.CompletedTask;

    public void Dispose() => _slots.Dispose();

    private async Task RunPrewarmAsync(string id)
    {
        try
        {
            using var budget = new CancellationTokenSource(options.PrewarmBudget, time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(budget.Token, lifetime.ApplicationStopping);
            var outcome = await DiscoverAsync(id, McpRefreshMode.Auto, linked.Token);
            if (!outcome.Succeeded)
            {
                McpLog.PrewarmFailed(logger, id, outcome.Error.Code ?? outcome.Error.Status.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
        }
        catch (OperationCanceledException)
        {
            McpLog.PrewarmFailed(logger, id, "budget exceeded or gateway stopping");
        }
#pragma warning disable CA1031 // A background pre-warm must never take the process down; the first request discovers again.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            McpLog.PrewarmFailed(logger, id, ex.GetType().Name);
        }
        finally
        {
            try
            {
                _slots.Release();
            }
            catch (ObjectDisposedException)
            {
                // The gateway stopped while this pre-warm ran; nothing is waiting for the slot.
            }
        }
    }
}
