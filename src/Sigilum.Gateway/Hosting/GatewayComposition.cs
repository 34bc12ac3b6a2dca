using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Sigilum.AspNetCore.RequestIds;
using Sigilum.Core.Replay;
using Sigilum.Core.Storage;
using Sigilum.Gateway.Approvals;
using Sigilum.Gateway.Audit;
using Sigilum.Gateway.Forwarding;
using Sigilum.Gateway.Hold;
using Sigilum.Gateway.Mcp;
using Sigilum.Gateway.Operations;
using Sigilum.Gateway.Proxy;
using Sigilum.Gateway.Connections;
using Sigilum.Gateway.ControlPlane;
using Sigilum.Gateway.Relay;
using Sigilum.Protocol.Identity;
using Sigilum.Protocol.Signatures;

namespace Sigilum.Gateway.Hosting;

/// <summary>Which services the gateway is made of and in which order requests meet them.</summary>
internal static class GatewayComposition
{
    /// <summary>The host setting that keeps the default configuration files from being watched for changes.</summary>
    internal const string ReloadConfigOnChangeOff = "--hostBuilder:reloadConfigOnChange=false";

    public static WebApplication Build(GatewayOptions options, IdentityRecord record, SigningIdentity identity, TimeProvider time, ISigilumStore store, IReplayGuard replay, Action<ILoggingBuilder>? configureLogging)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(GatewayHost).Assembly.GetName().Name,
            // The host's default appsettings.json reload puts a recursive file watcher on the content root (the working
            // directory). The gateway takes no configuration from it (GatewayOptions come from the caller), and when the
            // data directory lies under it (~/.sigilum with `sigilum up` run from ~) every log, audit and database write
            // wakes the watcher: about 7 % of the gateway's CPU under load in the profile (docs/perf/gateway.md).
            Args = [ReloadConfigOnChangeOff],
        });
        builder.WebHost.UseUrls(options.Urls);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            // Our own body limit answers 413 in Sigilum's envelope first; Kestrel's is only the backstop.
            kestrel.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes + (1024 * 1024);
            kestrel.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(5);
            kestrel.Limits.KeepAliveTimeout = TimeSpan.FromSeconds(120);
        });
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(options.ShutdownTimeoutSeconds));
        builder.Logging.ClearProviders();
        configureLogging?.Invoke(builder.Logging);

        var services = builder.Services;
        services.AddSingleton(time);
        services.AddSingleton(options);
        services.AddSingleton(identity);
        services.AddSingleton(record);
        services.AddSingleton(store);
        services.AddSingleton(store.Nonces);
        services.AddSingleton(replay);
        // The pinned control-plane key (ADR 0024): what the approvals stream, relay and witness answers are verified with.
        var controlPlaneKey = ControlPlanePin.Resolve(options.ControlPlaneKey, options.DataDirectory);
        services.AddSingleton(new ApprovalsCacheOptions
        {
            ControlPlaneUrl = options.ControlPlaneUrl,
            ControlPlaneKey = controlPlaneKey,
            StalenessBound = TimeSpan.FromSeconds(options.ClaimsStalenessSeconds),
        });
        // Requests held while the owner decides (ADR 0055) are woken by the approvals stream, never by polling.
        services.AddSingleton(options.Hold);
        services.AddSingleton(sp =>
        {
            var held = new HeldRequests(sp.GetRequiredService<HoldOptions>());
            sp.GetService<GatewayMetrics>()?.ObserveHeldRequests(() => held.Count);
            return held;
        });
        services.AddSingleton<ApprovalHold>();
        services.AddSingleton(sp => new ApprovalsCache(identity, sp.GetRequiredService<ApprovalsCacheOptions>(), time, sp.GetRequiredService<ILogger<ApprovalsCache>>(),
            changes: sp.GetRequiredService<HeldRequests>()));
        services.AddSingleton<IApprovalSource>(sp => sp.GetRequiredService<ApprovalsCache>());
        services.AddHostedService(sp => sp.GetRequiredService<ApprovalsCache>());
        services.AddSingleton(new ForwardingOptions
        {
            MaxRequestBodyBytes = options.MaxRequestBodyBytes,
            ConnectTimeout = TimeSpan.FromSeconds(options.UpstreamConnectTimeoutSeconds),
            ResponseHeadersTimeout = TimeSpan.FromSeconds(options.UpstreamTimeoutSeconds),
        });
        services.AddSingleton(sp => new HttpForwarder(sp.GetRequiredService<ForwardingOptions>(), time));
        // Operator proof (ADR 0020): the configured token, else the one generated into <data>/admin.token. The relay
        // presents it on every command it dispatches to this gateway's own admin API.
        var adminToken = string.IsNullOrEmpty(options.Operations.Admin.Token) ? AdminTokenFile.LoadOrCreate(options.AdminTokenPath) : options.Operations.Admin.Token;
        services.AddGatewayOperations(options.Operations, adminToken);
        if (!ConnectionOptions.TryParseEnforcement(options.RotationEnforcement, out var enforcement))
        {
            throw new InvalidOperationException($"Gateway:RotationEnforcement must be off, warn or block, not '{options.RotationEnforcement}'.");
        }
        services.AddGatewayConnections(new ConnectionOptions
        {
            DataDirectory = options.DataDirectory,
            MasterKeyFile = options.MasterKeyPath,
            RotationEnforcement = enforcement,
            RotationGraceDays = options.RotationGraceDays,
            Backends = options.Backends,
            Time = time,
            // The gateway's master key is its own (GATEWAY_MASTER_KEY), never the control plane's SIGILUM_MASTER_KEY.
            GetEnvironment = name => name == "SIGILUM_MASTER_KEY" ? Environment.GetEnvironmentVariable("GATEWAY_MASTER_KEY") : Environment.GetEnvironmentVariable(name),
        });
        services.AddGatewayMcpWithUpstream(options.Mcp);
        services.AddGatewayControlPlaneLink(new ControlPlaneLinkOptions
        {
            ControlPlaneUrl = options.ControlPlaneUrl,
            AutoRegisterClaims = options.AutoRegisterClaims,
            ClaimRateLimitPerMinute = options.ClaimRegistrationRateLimitPerMinute,
            UsageEnabled = options.ReportUsage,
            AuditDirectory = Path.Combine(options.DataDirectory, "audit"),
            NodeId = options.NodeId,
            AcceptStoreRollback = options.AcceptStoreRollback,
            AuditLogHook = options.AuditLogHook,
            ControlPlaneKey = controlPlaneKey,
        });
        services.AddGatewayRelay(options.Relay, options.DataDirectory, options.NodeId, adminToken);
        services.AddSingleton<IReadinessProbe, StoreReadinessProbe>();
        services.AddSingleton<IReadinessProbe, ApprovalsReadinessProbe>();
        services.AddSingleton<IReadinessProbe, AuditReadinessProbe>();
        services.AddSingleton<ProxyAuthorizer>();
        services.AddSingleton<AgentRequestSteps>();
        services.AddSingleton<ProxyPipeline>();

        var app = builder.Build();
        app.UseMiddleware<RequestIdMiddleware>();
        app.UseMiddleware<StoreUnavailableMiddleware>();
        app.UseGatewayOperations(context => ProxyRoute.IsProxyPath(context.Request.Path) || McpEndpoints.IsMcpPath(context.Request.Path));
        app.UseRouting();
        ProxyEndpoints.Map(app);
        McpEndpoints.Map(app);
        var admin = OperationsEndpoints.CreateAdminGroup(app);
        ConnectionAdminEndpoints.Map(admin);
        RelayAdminEndpoints.Map(admin);
        AuditAdminEndpoints.Map(admin);
        OperationsEndpoints.Map(app);
        return app;
    }
}
