using Sigilum.Cli.Gateway;
using Sigilum.Cli.Local;
using Sigilum.Cli.Remote;

namespace Sigilum.Cli.Doctor;

/// <summary>Runs every check of <c>sigilum doctor</c> in a fixed order; nothing here changes anything.</summary>
internal sealed class DoctorRun(CliContext context, SigilumPaths paths, string? ns, Uri apiUrl, Uri gatewayUrl)
{
    public async Task<List<DoctorCheck>> RunAsync(CancellationToken cancellationToken)
    {
        var checks = new List<DoctorCheck> { PermissionChecks.Home(paths) };
        var owner = context.OpenStore(paths.Home);
        var resolved = owner.ResolveNamespace(ns);
        string? namespaceName = resolved.IsSuccess ? resolved.Value : null;
        if (namespaceName is null)
        {
            checks.Add(new(DoctorCheck.Fail, "identity", resolved.Error!.Reason, "sigilum init <namespace> (or pass --namespace when there are several)"));
        }
        else
        {
            checks.Add(PermissionChecks.SecretFile($"identity {namespaceName}", owner.GetIdentityPath(namespaceName),
                new(DoctorCheck.Fail, $"identity {namespaceName}", "missing.", $"sigilum init {namespaceName}")));
        }
        var gatewayStore = GatewayIdentity.OpenStore(context, paths);
        var gatewayNamespace = namespaceName ?? (gatewayStore.ListNamespaces() is [var only] ? only : null);
        string? gatewayKey = null;
        if (gatewayNamespace is not null)
        {
            var path = gatewayStore.GetIdentityPath(gatewayNamespace);
            checks.Add(PermissionChecks.SecretFile("gateway identity", path,
                new(DoctorCheck.Info, "gateway identity", $"{path} does not exist yet.", "sigilum gateway start (or sigilum up) creates it")));
            if (File.Exists(path))
            {
                var loaded = gatewayStore.LoadIdentity(gatewayNamespace);
                gatewayKey = loaded.IsSuccess ? loaded.Value!.PublicKey : null;
                if (!loaded.IsSuccess)
                {
                    checks.Add(new(DoctorCheck.Fail, "gateway identity", $"{path} is not a valid identity: {loaded.Error!.Reason}", "move it aside; sigilum gateway start creates a new one (then it must be registered again)"));
                }
            }
        }
        checks.Add(PermissionChecks.SecretFile("control-plane master key", paths.MasterKeyFile,
            new(DoctorCheck.Info, "control-plane master key", $"{paths.MasterKeyFile} does not exist (created by sigilum up, or SIGILUM_MASTER_KEY is used).")));
        var gatewayMasterKey = Path.Combine(paths.GatewayDirectory, "master.key");
        checks.Add(PermissionChecks.SecretFile("gateway master key", gatewayMasterKey,
            new(DoctorCheck.Info, "gateway master key", $"{gatewayMasterKey} does not exist (created by the gateway's first start, or GATEWAY_MASTER_KEY is used).")));
        if (namespaceName is not null)
        {
            var tokenFile = paths.OwnerTokenFile(namespaceName);
            checks.Add(PermissionChecks.SecretFile("owner token file", tokenFile,
                new(DoctorCheck.Info, "owner token file", $"{tokenFile} does not exist (not signed in).")));
        }

        var health = await RemoteChecks.GetAsync(context, new Uri(ApiUrl.Display(apiUrl) + "/health"), null, cancellationToken);
        var controlPlaneUp = health.Status is >= 200 and < 300;
        checks.Add(controlPlaneUp
            ? new(DoctorCheck.Ok, "control plane", $"{ApiUrl.Display(apiUrl)} answers /health.")
            : new(DoctorCheck.Fail, "control plane", $"{ApiUrl.Display(apiUrl)}/health: {health.Problem ?? "HTTP " + health.Status}.", "sigilum up (or pass --api-url / set SIGILUM_API_URL)"));
        checks.Add(RemoteChecks.Clock(context, apiUrl, health.Date));
        StoredToken? token = null;
        if (namespaceName is null || !controlPlaneUp)
        {
            checks.Add(new(DoctorCheck.Info, "signed in", "not checked (no identity or no control plane)."));
        }
        else
        {
            token = new OwnerTokenStore(paths).Find(apiUrl, namespaceName);
            checks.Add(await SignedInAsync(namespaceName, token, cancellationToken));
        }

        checks.AddRange(await GatewayChecksAsync(cancellationToken));
        if (await VaultChecks.HealthAsync(context, paths, cancellationToken) is { } vault)
        {
            checks.Add(vault);
        }
        checks.AddRange(await IsolationDoctorChecks.RunAsync(paths, context.Environment.Services, cancellationToken));
        checks.Add(await NodeCheckAsync(namespaceName, gatewayKey, token, controlPlaneUp, cancellationToken));
        // The ports this home's servers use: the chosen URLs' when they are on this machine, else the defaults.
        checks.Add(PortChecks.Check(paths, ServerKind.ControlPlane, apiUrl.IsLoopback ? apiUrl.Port : 8787));
        checks.Add(PortChecks.Check(paths, ServerKind.Gateway, gatewayUrl.IsLoopback ? gatewayUrl.Port : GatewaySettings.DefaultPort));
        // `up` starts the vault too (foreground and --detach): a taken 10255 stops it at the vault step.
        checks.Add(PortChecks.Check(paths, ServerKind.Vault, Stack.LocalVault.DefaultPort, "sigilum up --vault-port"));
        checks.Add(StoreChecks.Sqlite("gateway store", Path.Combine(paths.GatewayDirectory, "gateway.db"), "sigilum gateway start (or sigilum up) creates it"));
        checks.Add(StoreChecks.Sqlite("control-plane store", paths.DatabaseFile, "sigilum up creates it"));
        return checks;
    }

    private async Task<DoctorCheck> SignedInAsync(string ns, StoredToken? token, CancellationToken cancellationToken)
    {
        const string label = "signed in";
        var hint = $"sigilum auth login --namespace {ns}";
        if (token is null)
        {
            return new(DoctorCheck.Fail, label, $"no owner token for {ns} at {ApiUrl.Display(apiUrl)}.", hint);
        }
        if (token.ExpiresAt <= context.Environment.Time.GetUtcNow())
        {
            return new(DoctorCheck.Fail, label, $"the owner token expired at {token.ExpiresAt:u}.", hint);
        }
        var me = await RemoteChecks.GetAsync(context, new Uri(ApiUrl.Display(apiUrl) + "/v1/auth/me"), token.Token, cancellationToken);
        return me.Status is >= 200 and < 300
            ? new(DoctorCheck.Ok, label, $"as {ns} at {ApiUrl.Display(apiUrl)}, until {token.ExpiresAt:u}.")
            : new(DoctorCheck.Fail, label, $"the control plane refused the owner token (HTTP {me.Status}{(me.Code is null ? string.Empty : ", " + me.Code)}).", hint);
    }

    private async Task<List<DoctorCheck>> GatewayChecksAsync(CancellationToken cancellationToken)
    {
        var display = ApiUrl.Display(gatewayUrl);
        var state = RunState.ReadLive(paths, ServerKind.Gateway);
        var health = await RemoteChecks.GetAsync(context, new Uri(display + "/health"), null, cancellationToken);
        if (health.Status == 0)
        {
            return [new(DoctorCheck.Fail, "gateway", $"nothing answers at {display} ({health.Problem}).", "sigilum gateway start --detach (or sigilum up)")];
        }
        var running = state is null ? $"{display} answers" : $"{display} (pid {state.Pid})";
        if (health.Status is < 200 or >= 300)
        {
            return [new(DoctorCheck.Fail, "gateway", $"{running}, but /health is HTTP {health.Status}.", "sigilum gateway logs; sigilum gateway restart")];
        }
        var live = await RemoteChecks.GetAsync(context, new Uri(display + "/health/live"), null, cancellationToken);
        var ready = await RemoteChecks.GetAsync(context, new Uri(display + "/health/ready"), null, cancellationToken);
        var failing = new List<string>();
        if (live.Status is < 200 or >= 300)
        {
            failing.Add($"/health/live HTTP {live.Status}");
        }
        if (ready.Status is < 200 or >= 300)
        {
            failing.Add($"/health/ready HTTP {ready.Status}{(ready.Code is null ? string.Empty : " " + ready.Code)}");
        }
        return failing.Count == 0
            ? [new(DoctorCheck.Ok, "gateway", $"{running}: healthy and ready.")]
            : [new(DoctorCheck.Fail, "gateway", $"{running} is healthy but not ready: {string.Join(", ", failing)} (store, approvals stream or audit log).",
                "sigilum gateway logs; a gateway not registered as a node cannot follow approvals (see below)")];
    }

    private async Task<DoctorCheck> NodeCheckAsync(string? ns, string? gatewayKey, StoredToken? token, bool controlPlaneUp, CancellationToken cancellationToken)
    {
        const string label = "gateway registered";
        if (ns is null || gatewayKey is null || token is null || !controlPlaneUp || token.ExpiresAt <= context.Environment.Time.GetUtcNow())
        {
            return new(DoctorCheck.Info, label, "not checked (needs the gateway identity, a reachable control plane and the owner's sign-in).");
        }
        using var client = ApiClient.Owner(context, apiUrl, token.Token);
        var nodes = await client.TrySendAsync(HttpMethod.Get, "/v1/namespaces/" + ApiClient.Segment(ns) + "/nodes", null, cancellationToken);
        if (!nodes.IsSuccess)
        {
            return new(DoctorCheck.Warn, label, $"could not list the namespace's nodes (HTTP {nodes.Status}).", $"sigilum auth login --namespace {ns}");
        }
        var node = ApiViews.NodeWithKey(nodes.Body, gatewayKey);
        return node is not null
            ? new(DoctorCheck.Ok, label, $"the gateway key is node {node.Id} of {ns}.")
            : new(DoctorCheck.Fail, label, $"the gateway key is not a node of {ns}, so the control plane refuses its approvals stream and every request is denied.",
                "sigilum gateway restart (registers it with your sign-in), or sigilum gateway connect for a remote control plane");
    }
}
