using System.Globalization;

namespace Sigilum.Cli.Stack;

/// <summary>
/// How to run the control plane: flags, else <c>SIGILUM_API_PORT</c> / <c>SIGILUM_STORE</c> /
/// <c>SIGILUM_POSTGRES</c>, else port 8787 on SQLite. It always listens on 127.0.0.1 (DESIGN §2).
/// </summary>
internal sealed record ServerSettings(int Port, string Store, string? PostgresConnectionString)
{
    /// <summary>
    /// Lets webhooks target loopback and private addresses (ControlPlane:Webhooks:AllowPrivateTargets). Insecure
    /// outside one trusted machine, so off unless asked for; the server logs a warning when it is on.
    /// </summary>
    public bool AllowPrivateWebhooks { get; init; }

    /// <summary>A JSON settings file (<c>--config</c>) layered over <c>controlplane/appsettings.json</c>.</summary>
    public string? ConfigFile { get; init; }

    public const string PortVariable = "SIGILUM_API_PORT";
    public const string StoreVariable = "SIGILUM_STORE";
    public const string PostgresVariable = "SIGILUM_POSTGRES";
    public const int DefaultPort = 8787;

    public static readonly string[] Stores = ["sqlite", "postgres"];

    public string Url => $"http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}";

    public static ServerSettings Resolve(CliContext context, int? port, string? store, string? postgres)
    {
        ArgumentNullException.ThrowIfNull(context);
        var env = context.Environment.GetVariable;
        var chosenPort = port ?? ParsePort(env(PortVariable)) ?? DefaultPort;
        if (chosenPort is < 0 or > 65535)
        {
            throw new CliException(ExitCodes.Usage, $"The port must be 0-65535 (0 picks a free one), not {chosenPort}.");
        }
        var chosenStore = (NonEmpty(store) ?? NonEmpty(env(StoreVariable)) ?? "sqlite").ToLowerInvariant();
        if (!Stores.Contains(chosenStore))
        {
            throw new CliException(ExitCodes.Usage, $"The store must be sqlite or postgres, not '{chosenStore}' (from --store or {StoreVariable}).");
        }
        var connection = NonEmpty(postgres) ?? NonEmpty(env(PostgresVariable));
        if (chosenStore == "postgres" && connection is null)
        {
            throw new CliException(ExitCodes.Usage, $"The postgres store needs a connection string: --postgres or {PostgresVariable}.");
        }
        return new ServerSettings(chosenPort, chosenStore, chosenStore == "postgres" ? connection : null);
    }

    private static int? ParsePort(string? text)
    {
        if (NonEmpty(text) is not { } value)
        {
            return null;
        }
        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed)
            ? parsed
            : throw new CliException(ExitCodes.Usage, $"{PortVariable} must be a port number, not '{value}'.");
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
