using System.CommandLine;
using System.Text.Json.Nodes;
using Sigilum.Protocol.Jose;
using Sigilum.Vault.Store;

namespace Sigilum.Vault.Cli.Trust;

/// <summary><c>sigil-vault trust add</c>.</summary>
internal static class TrustAddCommand
{
    public static Command Create(VaultCliContext context)
    {
        var kid = new Option<string>("--kid") { Description = "The key id, exactly as in the JWKS.", Required = true, HelpName = "kid" };
        var fingerprint = new Option<string>("--fingerprint") { Description = "sha256:<64 hex> of the raw 32-byte Ed25519 key.", Required = true, HelpName = "pin" };
        var jwksUrl = new Option<string?>("--jwks-url") { Description = "Fetch the key from this JWKS (http or https).", HelpName = "url" };
        var jwkFile = new Option<string?>("--jwk") { Description = "Read the key from this JWK (or JWKS) file.", HelpName = "file" };
        var issuer = new Option<string?>("--issuer") { Description = $"The iss this key signs for [default: {TrustAnchor.DefaultIssuer}].", HelpName = "iss" };
        var home = CommonOptions.Home();
        var json = CommonOptions.Json();
        return CommandDeclaration.Define("add", kid, fingerprint, jwksUrl, jwkFile, issuer, home, json).WithAction(async (parseResult, cancellationToken) =>
        {
            var keyId = parseResult.GetValue(kid)!;
            if (keyId.Length is 0 or > 256 || keyId.Any(char.IsControl))
            {
                throw new CliException(ExitCodes.Usage, "--kid must be 1-256 characters without control characters.");
            }
            if (!RawKeyFingerprint.TryParse(parseResult.GetValue(fingerprint), out var pin))
            {
                throw new CliException(ExitCodes.Usage, "--fingerprint must be sha256: followed by 64 hex digits (SHA-256 of the raw 32-byte key).");
            }
            var url = parseResult.GetValue(jwksUrl);
            var file = parseResult.GetValue(jwkFile);
            if ((url is null) == (file is null))
            {
                throw new CliException(ExitCodes.Usage, "Give exactly one of --jwks-url and --jwk.");
            }
            var text = url is not null ? await TrustCommand.FetchAsync(context, url, cancellationToken) : await TrustCommand.ReadFileAsync(context, file!, cancellationToken);
            var key = TrustCommand.FindKey(text, keyId);
            if (!RawKeyFingerprint.Matches(pin, key.PublicKey))
            {
                throw new CliException(ExitCodes.InvalidData,
                    $"The key '{keyId}' does not match the pin: its fingerprint is {RawKeyFingerprint.Compute(key.PublicKey)}. Nothing was added.");
            }
            var iss = parseResult.GetValue(issuer) ?? TrustAnchor.DefaultIssuer;
            await using var store = await context.OpenStoreAsync(parseResult, home, cancellationToken);
            var anchor = new TrustAnchor(keyId, pin, iss, Jwk.FromPublicKey(key.PublicKey, keyId), url ?? context.ResolvePath(file!), context.Environment.Time.GetUtcNow());
            await store.AddTrustAnchorAsync(anchor, cancellationToken);
            return context.Output.Report(parseResult.GetValue(json),
                () => new JsonObject { ["command"] = "trust add", ["anchor"] = TrustCommand.ToJson(anchor) },
                output => output.Out.WriteLine($"Trusted {keyId} ({pin}) for issuer {iss}."));
        });
    }
}
