using System.Text.Json;
using Sigilum.Cli.Local;
using Sigilum.Sdk.Identity;

namespace Sigilum.Cli.Gateway;

/// <summary>
/// What <c>gateway connect</c> paired this gateway with (<c>$SIGILUM_HOME/gateway/connection.json</c>): the namespace
/// and the control plane, used by <c>gateway start</c> when no flag or variable says otherwise.
/// </summary>
internal sealed record GatewayConnection
{
    public required string Namespace { get; init; }

    public required string ApiUrl { get; init; }

    public string? NodeId { get; init; }

    public DateTimeOffset PairedAt { get; init; }

    public static string PathFor(SigilumPaths paths) => Path.Combine(paths.GatewayDirectory, "connection.json");

    public static GatewayConnection? Read(SigilumPaths paths)
    {
        try
        {
            return JsonSerializer.Deserialize<GatewayConnection>(File.ReadAllBytes(PathFor(paths)), StateFileJson.Options);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        catch (JsonException ex)
        {
            throw new CliException(ExitCodes.InvalidData, $"{PathFor(paths)} is not valid ({ex.Message}); pair again with `sigilum gateway connect`.");
        }
    }

    public void Write(SigilumPaths paths)
    {
        PrivateFiles.EnsurePrivateDirectory(paths.GatewayDirectory);
        PrivateFiles.WriteOwnerOnly(PathFor(paths), JsonSerializer.SerializeToUtf8Bytes(this, StateFileJson.Options));
    }
}
