using Microsoft.Extensions.Configuration;
using Sigilum.Cli.Local;
using Sigilum.ControlPlane.Hosting;

namespace Sigilum.Cli.Stack;

/// <summary>
/// Control-plane settings from, lowest to highest precedence: the option defaults →
/// <c>$SIGILUM_HOME/controlplane/appsettings.json</c> → the <c>--config</c> file → environment variables
/// <c>SIGILUM_ControlPlane__Section__Key</c> (DESIGN §4). The caller then applies flags. Example:
/// <c>{"ControlPlane": {"Registration": "open", "Attestations": {"Issuer": "https://cp.example"}}}</c>.
/// </summary>
internal static class ControlPlaneConfiguration
{
    public const string EnvironmentPrefix = "SIGILUM_";

    public static ControlPlaneOptions Load(CliContext context, SigilumPaths paths, string? configFile)
    {
        var builder = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(paths.ControlPlaneDirectory, "appsettings.json"), optional: true, reloadOnChange: false);
        if (configFile is not null)
        {
            var full = context.ResolvePath(configFile);
            if (!File.Exists(full))
            {
                throw new CliException(ExitCodes.Usage, $"The settings file {full} does not exist.");
            }
            builder.AddJsonFile(full, optional: false, reloadOnChange: false);
        }
        // Only nested keys (with "__") are settings: SIGILUM_HOME, SIGILUM_STORE and friends are not.
        builder.AddInMemoryCollection(context.Environment.ListVariables()
            .Where(v => v.Key.StartsWith(EnvironmentPrefix, StringComparison.OrdinalIgnoreCase) && v.Key.Contains("__", StringComparison.Ordinal))
            .Select(v => new KeyValuePair<string, string?>(v.Key[EnvironmentPrefix.Length..].Replace("__", ":", StringComparison.Ordinal), v.Value)));
        var options = new ControlPlaneOptions();
        try
        {
            builder.Build().GetSection(ControlPlaneOptions.SectionName).Bind(options);
        }
        catch (Exception ex) when (ex is InvalidDataException or FormatException or InvalidOperationException)
        {
            throw new CliException(ExitCodes.Usage, $"The control-plane settings are invalid: {ex.Message}");
        }
        return options;
    }
}
