using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Hosting;
using Sigilum.AspNetCore.Authentication;
using Sigilum.AspNetCore.RequestIds;
using Sigilum.ControlPlane.Api;
using Sigilum.ControlPlane.Attestations;
using Sigilum.ControlPlane.Claims;
using Sigilum.ControlPlane.Dashboard;
using Sigilum.ControlPlane.Owners;
using Sigilum.ControlPlane.Secrets;
using Sigilum.ControlPlane.ServiceKeys;
using Sigilum.ControlPlane.Streaming;
using Sigilum.ControlPlane.Usage;
using Sigilum.ControlPlane.Webhooks;
using Sigilum.ControlPlane.Witness;
using Sigilum.Core.Replay;
using Sigilum.Core.Secrets;
using Sigilum.Core.Storage;

namespace Sigilum.ControlPlane.Hosting;

/// <summary>
/// The control plane as a running Kestrel server: composes services, maps endpoints, starts. Used by
/// <c>sigilum api start</c>, <c>sigilum up</c> and the end-to-end tests (on port 0).
/// </summary>
public sealed class ControlPlaneHost : IAsyncDisposable
{
    /// <summary>The host setting that keeps the default configuration files from being watched for changes.</summary>
    internal const string ReloadConfigOnChangeOff = "--hostBuilder:reloadConfigOnChange=false";

    private readonly WebApplication _app;
    private int _disposed;

    private ControlPlaneHost(WebApplication app, ISigilumStore store, IReadOnlyList<string> urls)
    {
        _app = app;
        Store = store;
        Urls = urls;
    }

    /// <summary>The addresses actually bound (with the real port when 0 was asked for).</summary>
    public IReadOnlyList<string> Urls { get; }

    /// <summary>The first bound address, e.g. <c>http://127.0.0.1:8787</c>.</summary>
    public string BaseUrl => Urls[0];

    public ISigilumStore Store { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>
    /// The control-plane public key data planes pin (ADR 0024), for a host that starts a gateway next to this
    /// control plane in one process (<c>sigilum up</c>) and hands the key over directly.
    /// </summary>
    public string ControlPlaneKey => Services.GetRequiredService<Signing.ControlPlaneSigner>().PublicKey;

    public static async Task<ControlPlaneHost> StartAsync(ControlPlaneOptions options, TimeProvider? time = null, Action<ILoggingBuilder>? configureLogging = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.MasterKeyFile) && options.SqlitePath is not null)
        {
            options.MasterKeyFile = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(options.SqlitePath))!, "master.key");
        }
        options.Validate();
        time ??= TimeProvider.System;
        var store = await StoreFactory.OpenAsync(options, time, cancellationToken);
        try
        {
            // Before it listens: the epoch is durable and its cutoff passed (ADR 0058), so no fresh signature is refused.
            var signatures = new SignatureOptions();
            signatures.Validate();
            var replay = await ReplayGuards.StartAsync(options.EffectiveReplayState, store.Nonces, options.EffectiveReplayEpochPath, options.ReplayCapacity,
                TimeSpan.FromSeconds(signatures.FutureSkewSeconds), time, cancellationToken);
            var app = Build(options, time, store, signatures, replay, configureLogging);
            try
            {
                await app.StartAsync(cancellationToken);
            }
            catch
            {
                // A start that fails (port taken, a key that will not open) must not leave the app behind.
                await app.DisposeAsync();
                throw;
            }
            var urls = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.ToList() ?? [options.Urls];
            return new ControlPlaneHost(app, store, urls);
        }
        catch
        {
            await store.DisposeAsync();
            throw;
        }
    }

    /// <summary>Blocks until the host stops (Ctrl+C / SIGTERM drains in-flight requests).</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => _app.WaitForShutdownAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }
        await _app.StopAsync();
        await _app.DisposeAsync();
        await Store.DisposeAsync();
    }

    private static WebApplication Build(ControlPlaneOptions options, TimeProvider time, ISigilumStore store, SignatureOptions signatures, IReplayGuard replay, Action<ILoggingBuilder>? configureLogging)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(ControlPlaneHost).Assembly.GetName().Name,
            // The host's default appsettings.json reload puts a recursive file watcher on the content root (the working
            // directory); the control plane takes no configuration from it (ControlPlaneOptions come from the caller), and
            // every write under it (logs, the database with `sigilum up` run from ~) woke the watcher: about 5 % of the idle
            // control plane's CPU in the profile (docs/perf/control-plane-idle.md; the gateway's twin is ADR 0028).
            Args = [ReloadConfigOnChangeOff],
        });
        builder.WebHost.UseUrls(options.Urls);
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = 2 * 1024 * 1024;
        });
        builder.Logging.ClearProviders();
        configureLogging?.Invoke(builder.Logging);

        var services = builder.Services;
        services.AddSingleton(time);
        services.AddSingleton(store);
        services.AddSingleton(Microsoft.Extensions.Options.Options.Create(options));
        services.AddSingleton(Microsoft.Extensions.Options.Options.Create(signatures));
        services.AddSingleton(replay);
        services.AddSingleton(new MasterKeyHolder(MasterKey.LoadOrCreate(options.MasterKeyFile!, Environment.GetEnvironmentVariable)));
        services.AddSingleton<Signing.ControlPlaneSigner>();
        services.AddSingleton<SignedRequestAuthenticator>();
        services.AddSingleton<AuthFailureLimiter>();
        services.AddSingleton<OwnerAuthentication>();
        services.AddSingleton<ServiceKeyAuthentication>();
        services.AddSingleton<StreamSubscribers>();
        services.AddSingleton<ClaimService>();
        services.AddSingleton<PendingClaimExpiry>();
        services.AddHostedService(sp => sp.GetRequiredService<PendingClaimExpiry>());
        services.AddSingleton<AttestationKeyRing>();
        services.AddSingleton<AttestationAuthorizer>();
        services.AddHostedService<AttestationKeyStartup>();
        services.AddWebhooks();
        services.AddSingleton<CheckpointWitness>();
        services.AddSingleton<Pairing.PairingSessions>();
        services.AddDashboard();
        services.AddSingleton<Relay.GatewayRelayHub>();
        services.AddSingleton<Relay.IGatewayRelay>(sp => sp.GetRequiredService<Relay.GatewayRelayHub>());
        services.AddExceptionHandler<ExceptionToProblemHandler>();
        services.AddProblemDetails();
        services.AddOpenApi("v1", openApi => openApi.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Sigilum control plane API";
            document.Info.Description = "Namespaces, services, claims, the approved-claims feed and push stream, DID resolution. See docs/api.md.";
            return Task.CompletedTask;
        }));
        services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            json.SerializerOptions.DictionaryKeyPolicy = JsonNamingPolicy.SnakeCaseLower;
        });

        var app = builder.Build();
        app.UseMiddleware<RequestIdMiddleware>();
        app.UseExceptionHandler();
        app.UseRouting();
        app.UseMiddleware<SignatureMiddleware>();
        app.UseMiddleware<CallerAuthenticationMiddleware>();
        app.MapOpenApi("/openapi/{documentName}.json");
        HealthEndpoints.Map(app);
        NamespaceEndpoints.Map(app);
        AuthEndpoints.Map(app);
        ServiceEndpoints.Map(app);
        ClaimEndpoints.Map(app);
        VerifyEndpoints.Map(app);
        NodeEndpoints.Map(app);
        DidEndpoints.Map(app);
        ClaimStreamEndpoint.Map(app);
        StreamAckEndpoint.Map(app);
        AttestationEndpoints.Map(app);
        WebhookEndpoints.Map(app);
        UsageEndpoints.Map(app);
        WitnessEndpoints.Map(app);
        Signing.ControlPlaneKeyEndpoint.Map(app);
        Pairing.PairingEndpoints.Map(app);
        DashboardEndpoints.Map(app);
        Relay.RelayStreamEndpoints.Map(app);
        Relay.RelayOwnerEndpoints.Map(app);
        return app;
    }
}
