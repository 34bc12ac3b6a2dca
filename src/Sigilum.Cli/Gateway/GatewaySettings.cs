using System.Globalization;
using Sigilum.Cli.Local;
using Sigilum.Cli.Remote;

namespace Sigilum.Cli.Gateway;

/// <summary>
/// How to run the gateway, from flags else environment: port (<c>--port</c>, <c>GATEWAY_ADDR</c>, 38100 on
/// 127.0.0.1), namespace (<c>--namespace</c>, <c>GATEWAY_SIGILUM_NAMESPACE</c>, <c>SIGILUM_NAMESPACE</c>, the only
/// identity), control plane (<c>--api-url</c>, <c>SIGILUM_REGISTRY_URL</c>, <c>SIGILUM_API_URL</c>, the local one),
/// store (<c>--store</c>, <c>SIGILUM_GATEWAY_STORE</c>; PostgreSQL from <c>SIGILUM_GATEWAY_POSTGRES</c>).
/// </summary>
internal sealed record GatewaySettings(string Host, int Port, string Namespace, Uri ControlPlaneUrl, string Store, string? PostgresConnectionString)
{
    public const int DefaultPort = 38100;
    public const string AddressVariable = "GATEWAY_ADDR";
    public const string StoreVariable = "SIGILUM_GATEWAY_STORE";
    public const string PostgresVariable = "SIGILUM_GATEWAY_POSTGRES";

    /// <summary>A JSON settings file (<c>--config</c>) layered over <c>gateway/appsettings.json</c>.</summary>
    public string? ConfigFile { get; init; }

    /// <summary><c>--accept-store-rollback</c>: this start accepts a database older than the audit log (STO-15; audited).</summary>
    public bool AcceptStoreRollback { get; init; }

    public string Url => $"http://{(Host.Contains(':', StringComparison.Ordinal) ? "[" + Host + "]" : Host)}:{Port.ToString(CultureInfo.InvariantCulture)}";

    public static GatewaySettings Resolve(CliContext context, SigilumPaths paths, int? port, string? ns, string? apiUrl, string? store, string? postgres)
    {
        ArgumentNullException.ThrowIfNull(context);
        var env = context.Environment.GetVariable;
        var (host, addressPort) = ParseAddress(env(AddressVariable));
        var chosenPort = port ?? addressPort ?? DefaultPort;
        if (chosenPort is < 0 or > 65535)
        {
            throw new CliException(ExitCodes.Usage, $"The port must be 0-65535 (0 picks a free one), not {chosenPort}.");
        }
        var paired = GatewayConnection.Read(paths);
        var chosenNamespace = ResolveNamespace(context, paths, NonEmpty(ns) ?? NonEmpty(env("GATEWAY_SIGILUM_NAMESPACE")) ?? paired?.Namespace);
        var url = ApiUrl.Resolve(context,
            NonEmpty(apiUrl) ?? NonEmpty(env("SIGILUM_REGISTRY_URL")) ?? NonEmpty(env(ApiUrl.Variable)) ?? (paired?.Namespace == chosenNamespace ? paired.ApiUrl : null),
            paths);
        var chosenStore = (NonEmpty(store) ?? NonEmpty(env(StoreVariable)) ?? "sqlite").ToLowerInvariant();
        if (chosenStore is not ("sqlite" or "postgres"))
        {
            throw new CliException(ExitCodes.Usage, $"The gateway store must be sqlite or postgres, not '{chosenStore}' (from --store or {StoreVariable}).");
        }
        var connection = NonEmpty(postgres) ?? NonEmpty(env(PostgresVariable));
        if (chosenStore == "postgres" && connection is null)
        {
            throw new CliException(ExitCodes.Usage, $"The postgres gateway store needs a connection string: --postgres or {PostgresVariable}.");
        }
        return new GatewaySettings(host ?? "127.0.0.1", chosenPort, chosenNamespace, url, chosenStore, chosenStore == "postgres" ? connection : null);
    }

    /// <summary>
    /// The namespace given, else the owner's (SIGILUM_NAMESPACE or the only identity); on a gateway-only machine with
    /// no owner identity, the only gateway identity.
    /// </summary>
    private static string ResolveNamespace(CliContext context, SigilumPaths paths, string? ns)
    {
        if (ns is not null)
        {
            return Sigilum.Protocol.Identity.SigilumNamespace.TryNormalize(ns, out var normalized)
                ? normalized
                : throw new CliException(ExitCodes.Usage, $"'{ns}' is not a valid namespace.");
        }
        var owner = context.OpenStore(paths.Home);
        if (owner.ListNamespaces().Count > 0 || context.Environment.GetVariable("SIGILUM_NAMESPACE") is not null)
        {
            return OwnerOptions.ResolveNamespace(owner, null);
        }
        var gateway = GatewayIdentity.OpenStore(context, paths);
        return gateway.ListNamespaces() is [var only]
            ? only
            : throw new CliException(ExitCodes.Usage, "Which namespace does this gateway serve? Pass --namespace (or set GATEWAY_SIGILUM_NAMESPACE).");
    }

    // GATEWAY_ADDR is Go's listen syntax: ":38100", "127.0.0.1:38100", "[::1]:38100".
    private static (string? Host, int? Port) ParseAddress(string? text)
    {
        if (NonEmpty(text) is not { } value)
        {
            return (null, null);
        }
        var colon = value.LastIndexOf(':');
        if (colon < 0 || !int.TryParse(value.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
        {
            throw new CliException(ExitCodes.Usage, $"{AddressVariable} must look like :38100 or 127.0.0.1:38100, not '{value}'.");
        }
        var host = value[..colon].Trim('[', ']');
        return (host.Length == 0 ? null : host, parsed);
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
