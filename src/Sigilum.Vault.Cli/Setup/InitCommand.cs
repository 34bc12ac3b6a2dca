using System.CommandLine;
using System.Text.Json.Nodes;
using Sigilum.Vault.Hosting;
using Sigilum.Vault.Store;

namespace Sigilum.Vault.Cli.Setup;

/// <summary><c>sigil-vault init</c>: store, local CA and node key.</summary>
internal static class InitCommand
{
    public static Command Create(VaultCliContext context)
    {
        var audience = new Option<string?>("--audience")
        {
            Description = $"The audience attestations must name (besides sigil-sign) [default: {VaultStore.DefaultAudience}; kept on re-runs unless given].",
            HelpName = "aud",
        };
        var home = CommonOptions.Home();
        var json = CommonOptions.Json();
        return CommandDeclaration.Define("init", audience, home, json).WithAction(async (parseResult, cancellationToken) =>
        {
            var paths = context.Paths(parseResult, home);
            var wanted = parseResult.GetValue(audience);
            if (wanted is not null && (wanted.Length is 0 or > 256 || wanted.Any(char.IsControl)))
            {
                throw new CliException(ExitCodes.Usage, "--audience must be 1-256 printable characters.");
            }
            VaultInitResult result;
            try
            {
                result = await VaultInitializer.InitializeAsync(paths, context.StoreLocation(parseResult), wanted, context.Environment.Time, cancellationToken);
            }
            catch (InvalidOperationException ex)
            {
                throw new CliException(ExitCodes.InvalidData, ex.Message);
            }
            catch (StoreUnavailableException ex)
            {
                throw new CliException(ExitCodes.Network, ex.Message);
            }
            return context.Output.Report(parseResult.GetValue(json),
                () => new JsonObject
                {
                    ["command"] = "init",
                    ["directory"] = paths.Directory,
                    ["audience"] = result.Audience,
                    ["storeCreated"] = result.StoreCreated,
                    ["caCreated"] = result.CaCreated,
                    ["nodeKeyCreated"] = result.NodeKeyCreated,
                    ["caCertificate"] = paths.CaCertificate,
                },
                output =>
                {
                    output.Out.WriteLine($"Vault in {paths.Directory} ({(result.StoreCreated ? "created" : "already initialised")}).");
                    output.Out.WriteLine($"  audience:  {result.Audience}");
                    output.Out.WriteLine($"  CA:        {paths.CaCertificate} ({(result.CaCreated ? "new" : "kept")})");
                    output.Out.WriteLine("Next: sigil-vault trust add, agents create, backends add, routes add, start.");
                });
        });
    }
}
