using System.CommandLine;
using System.Text.Json.Nodes;
using Sigilum.Vault.Ca;

namespace Sigilum.Vault.Cli.Ca;

/// <summary><c>sigil-vault ca export</c>: the root agents must trust for TLS interception.</summary>
internal static class CaCommand
{
    public static Command Create(VaultCliContext context)
    {
        var out_ = new Option<string?>("--out") { Description = "Write the PEM to this file instead of stdout.", HelpName = "file" };
        var home = CommonOptions.Home();
        var json = CommonOptions.Json();
        var export = CommandDeclaration.Define("export", out_, home, json);
        export.SetAction((parseResult, cancellationToken) =>
        {
            var paths = context.Paths(parseResult, home);
            string pem;
            string fingerprint;
            try
            {
                using var ca = LocalCa.Load(paths, context.Environment.Time);
                pem = ca.CertificatePem;
                fingerprint = "sha256:" + Convert.ToHexStringLower(ca.Certificate.GetCertHash(System.Security.Cryptography.HashAlgorithmName.SHA256));
            }
            catch (InvalidOperationException ex)
            {
                throw new CliException(ExitCodes.NotFound, ex.Message);
            }
            var target = parseResult.GetValue(out_);
            if (target is not null)
            {
                File.WriteAllText(context.ResolvePath(target), pem);
            }
            if (parseResult.GetValue(json))
            {
                context.Output.WriteJson(new JsonObject { ["command"] = "ca export", ["fingerprint"] = fingerprint, ["path"] = target is null ? null : context.ResolvePath(target), ["pem"] = pem });
            }
            else if (target is null)
            {
                context.Output.Out.Write(pem);
                context.Output.Out.WriteLine();
            }
            else
            {
                context.Output.Out.WriteLine($"Wrote the CA certificate ({fingerprint}) to {context.ResolvePath(target)}.");
            }
            return Task.FromResult(ExitCodes.Ok);
        });
        var command = CommandDeclaration.Define("ca", export);
        return command;
    }
}
