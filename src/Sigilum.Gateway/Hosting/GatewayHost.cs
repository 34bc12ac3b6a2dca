using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Sigilum.Core.Generations;
using Sigilum.Core.Processes;
using Sigilum.Core.Storage;
using Sigilum.Protocol.Identity;
using Sigilum.Protocol.Signatures;

namespace Sigilum.Gateway.Hosting;

/// <summary>
/// The gateway as a running Kestrel server: composes the features, maps the routes, starts. Used by
/// <c>sigilum gateway start</c>, <c>sigilum up</c> and the end-to-end tests (on port 0).
/// </summary>
public sealed class GatewayHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly SigningIdentity _identity;
    private int _disposed;

    private GatewayHost(WebApplication app, SigningIdentity identity, ISigilumStore store, IReadOnlyList<string> urls, ProcessPosture posture)
    {
        _app = app;
        _identity = identity;
        Store = store;
        Urls = urls;
        Posture = posture;
    }

    /// <summary>Who the process runs as and whether it is non-dumpable with core dumps off (MEM-03), as logged at start.</summary>
    public ProcessPosture Posture { get; }

    /// <summary>The addresses actually bound (with the real port when 0 was asked for).</summary>
    public IReadOnlyList<string> Urls { get; }

    /// <summary>The first bound address, e.g. <c>http://127.0.0.1:38100</c>.</summary>
    public string BaseUrl => Urls[0];

    public ISigilumStore Store { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>
    /// Validates <paramref name="options"/>, opens the store and starts serving. <paramref name="identity"/> is the
    /// gateway's own identity (a node registered in its namespace): it signs calls to the control plane and the
    /// audit checkpoints.
    /// </summary>
    public static async Task<GatewayHost> StartAsync(GatewayOptions options, IdentityRecord identity, TimeProvider? time = null, Action<ILoggingBuilder>? configureLogging = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(identity);
        options.Validate();
        time ??= TimeProvider.System;
        // Before any key or secret is loaded: no core dump, no same-user ptrace or /proc/<pid>/mem (MEM-03). The agents'
        // identities live beside the gateway's data directory (<home>/identities next to <home>/gateway).
        var posture = ProcessHardening.Apply(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(options.DataDirectory)) ?? options.DataDirectory, "identities"));
        Directory.CreateDirectory(options.DataDirectory);
        var signing = SigningIdentity.FromRecord(identity);
        ISigilumStore? store = null;
        try
        {
            store = await GatewayStoreFactory.OpenAsync(options, time, cancellationToken);
            var replay = await GatewayReplayState.CreateAsync(options, store, time, cancellationToken);
            var app = GatewayComposition.Build(options, identity, signing, time, store, replay, configureLogging);
            try
            {
                await app.StartAsync(cancellationToken);
            }
            catch (StoreRollbackException ex)
            {
                await app.DisposeAsync();
                // STO-15: the message names the code, both generations and the confirmation flag; hosts report
                // an InvalidOperationException as "could not start" with it.
                throw new InvalidOperationException(ex.Message, ex);
            }
            catch
            {
                // A start that fails (port taken, a key that will not open) must not leave the app behind.
                await app.DisposeAsync();
                throw;
            }
            var urls = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.ToList() ?? [options.Urls];
            GatewayPosture.Write(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Sigilum.Gateway.Posture"), options, urls, posture);
            return new GatewayHost(app, signing, store, urls, posture);
        }
        catch
        {
            if (store is not null)
            {
                await store.DisposeAsync();
            }
            signing.Dispose();
            throw;
        }
    }

    /// <summary>Blocks until the host stops (Ctrl+C / SIGTERM drains in-flight requests).</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => _app.WaitForShutdownAsync(cancellationToken);

    /// <summary>Stops accepting, drains in-flight requests up to the shutdown timeout, then releases the store.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }
        await _app.StopAsync();
        await _app.DisposeAsync();
        await Store.DisposeAsync();
        _identity.Dispose();
    }
}
