using System.CommandLine;
using System.Text.Json.Nodes;
using Sigilum.Protocol.Jose;
using Sigilum.Vault.Store;
using Spectre.Console;

namespace Sigilum.Vault.Cli.Trust;

/// <summary><c>sigil-vault trust add|list|remove</c>: pinned attestation signer keys.</summary>
internal static class TrustCommand
{
    public static Command Create(VaultCliContext context)
    {
        var command = new Command("trust", "Pin, list and remove attestation signer keys (trust anchors).") { Add(context), List(context), Remove(context) };
        context.Examples.AddDetails(command,
            "An anchor is one Ed25519 key (kid) of an attestation issuer, pinned by the SHA-256 of its raw 32-byte key. " +
            "The key comes from the issuer's JWKS (--jwks-url, fetched once, now) or a JWK file; it must match --fingerprint. " +
            "Attestations verify only under an anchored kid, and their iss must be that anchor's issuer.");
        context.Examples.Add(command, "sigil-vault trust add --kid k1 --fingerprint sha256:<hex> --jwks-url http://127.0.0.1:8787/.well-known/jwks.json --issuer sigilum", "sigil-vault trust list");
        return command;
    }

    private static Command Add(VaultCliContext context)
    {
        var kid = new Option<string>("--kid") { Description = "The key id, exactly as in the JWKS.", Required = true, HelpName = "kid" };
        var fingerprint = new Option<string>("--fingerprint") { Description = "sha256:<64 hex> of the raw 32-byte Ed25519 key.", Required = true, HelpName = "pin" };
        var jwksUrl = new Option<string?>("--jwks-url") { Description = "Fetch the key from this JWKS (http or https).", HelpName = "url" };
        var jwkFile = new Option<string?>("--jwk") { Description = "Read the key from this JWK (or JWKS) file.", HelpName = "file" };
        var issuer = new Option<string?>("--issuer") { Description = $"The iss this key signs for [default: {TrustAnchor.DefaultIssuer}].", HelpName = "iss" };
        var home = CommonOptions.Home();
        var json = CommonOptions.Json();
        var command = new Command("add", "Pin an attestation signer key.") { kid, fingerprint, jwksUrl, jwkFile, issuer, home, json };
        context.Examples.Add(command,
            "sigil-vault trust add --kid sigil-2026-01 --fingerprint sha256:3b6a... --jwks-url https://sign.sigilcore.com/.well-known/jwks.json",
            "sigil-vault trust add --kid k1 --fingerprint sha256:3b6a... --jwk ./signer.jwk --issuer sigilum");
        command.SetAction(async (parseResult, cancellationToken) =>
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
            var text = url is not null ? await FetchAsync(context, url, cancellationToken) : await ReadFileAsync(context, file!, cancellationToken);
            var key = FindKey(text, keyId);
            if (!RawKeyFingerprint.Matches(pin, key.PublicKey))
            {
                throw new CliException(ExitCodes.InvalidData,
                    $"The key '{keyId}' does not match the pin: its fingerprint is {RawKeyFingerprint.Compute(key.PublicKey)}. Nothing was added.");
            }
            var iss = parseResult.GetValue(issuer) ?? TrustAnchor.DefaultIssuer;
            var store = await context.OpenStoreAsync(parseResult, home, cancellationToken);
            var anchor = new TrustAnchor(keyId, pin, iss, Jwk.FromPublicKey(key.PublicKey, keyId), url ?? context.ResolvePath(file!), context.Environment.Time.GetUtcNow());
            await store.AddTrustAnchorAsync(anchor, cancellationToken);
            if (parseResult.GetValue(json))
            {
                context.Output.WriteJson(new JsonObject { ["command"] = "trust add", ["anchor"] = ToJson(anchor) });
            }
            else
            {
                context.Output.Out.WriteLine($"Trusted {keyId} ({pin}) for issuer {iss}.");
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command List(VaultCliContext context)
    {
        var home = CommonOptions.Home();
        var json = CommonOptions.Json();
        var command = new Command("list", "List trust anchors.") { home, json };
        context.Examples.Add(command, "sigil-vault trust list", "sigil-vault trust list --json");
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var store = await context.OpenStoreAsync(parseResult, home, cancellationToken);
            var anchors = await store.ListTrustAnchorsAsync(cancellationToken);
            if (parseResult.GetValue(json))
            {
                context.Output.WriteJson(new JsonObject { ["command"] = "trust list", ["anchors"] = new JsonArray([.. anchors.Select(ToJson)]) });
                return ExitCodes.Ok;
            }
            if (anchors.Count == 0)
            {
                context.Output.Out.WriteLine("No trust anchors. Add one with: sigil-vault trust add --kid <kid> --fingerprint sha256:<hex> --jwks-url <url>");
                return ExitCodes.Ok;
            }
            var table = new Table().AddColumns("kid", "fingerprint", "issuer", "source");
            foreach (var a in anchors)
            {
                table.AddRow(new Text(a.Kid), new Text(a.Fingerprint), new Text(a.Issuer), new Text(a.Source));
            }
            context.Output.Console.Write(table);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Remove(VaultCliContext context)
    {
        var kid = new Argument<string>("kid") { Description = "The anchor's key id." };
        var home = CommonOptions.Home();
        var json = CommonOptions.Json();
        var command = new Command("remove", "Remove a trust anchor; attestations under its kid are refused from the next request on.") { kid, home, json };
        context.Examples.Add(command, "sigil-vault trust remove sigil-2026-01");
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var store = await context.OpenStoreAsync(parseResult, home, cancellationToken);
            var id = parseResult.GetValue(kid)!;
            if (!await store.RemoveTrustAnchorAsync(id, cancellationToken))
            {
                throw new CliException(ExitCodes.NotFound, $"No trust anchor with kid '{id}'.");
            }
            if (parseResult.GetValue(json))
            {
                context.Output.WriteJson(new JsonObject { ["command"] = "trust remove", ["kid"] = id, ["removed"] = true });
            }
            else
            {
                context.Output.Out.WriteLine($"Removed trust anchor {id}.");
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    private static JsonObject ToJson(TrustAnchor a) => new()
    {
        ["kid"] = a.Kid,
        ["fingerprint"] = a.Fingerprint,
        ["issuer"] = a.Issuer,
        ["source"] = a.Source,
        ["jwk"] = JsonNode.Parse(a.Key.ToJson()),
        ["createdAt"] = a.CreatedAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>A JWKS (key picked by kid) or a single JWK; only Ed25519 keys are accepted.</summary>
    private static Jwk FindKey(string text, string kid)
    {
        var node = JsonNode.Parse(text, documentOptions: new System.Text.Json.JsonDocumentOptions { MaxDepth = 16 }) as JsonObject;
        if (node?["keys"] is JsonArray)
        {
            var set = Jwks.Parse(text);
            if (!set.IsSuccess)
            {
                throw new CliException(ExitCodes.InvalidData, $"The JWKS is not valid ({set.Error!.Code}: {set.Error.Reason}).");
            }
            return set.Value!.Find(kid) ?? throw new CliException(ExitCodes.NotFound, $"The JWKS has no Ed25519 key with kid '{kid}'.");
        }
        var key = Jwk.Parse(text);
        if (!key.IsSuccess)
        {
            throw new CliException(ExitCodes.InvalidData, $"The JWK is not an Ed25519 public key ({key.Error!.Code}: {key.Error.Reason}).");
        }
        if (key.Value!.Kid is { } own && own != kid)
        {
            throw new CliException(ExitCodes.InvalidData, $"The JWK's kid is '{own}', not '{kid}'.");
        }
        return key.Value;
    }

    private static async Task<string> FetchAsync(VaultCliContext context, string url, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new CliException(ExitCodes.Usage, "--jwks-url must be an absolute http(s) URL.");
        }
        using var client = new HttpClient(context.Environment.CreateHttpHandler()) { Timeout = TimeSpan.FromSeconds(10) };
        try
        {
            using var response = await client.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw new CliException(ExitCodes.Network, $"GET {uri} answered {(int)response.StatusCode}.");
            }
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            return body.Length <= Jwks.MaxLength ? body : throw new CliException(ExitCodes.InvalidData, "The JWKS is too large.");
        }
        catch (HttpRequestException ex)
        {
            throw new CliException(ExitCodes.Network, $"GET {uri} failed: {ex.Message}");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new CliException(ExitCodes.Network, $"GET {uri} timed out.");
        }
    }

    private static async Task<string> ReadFileAsync(VaultCliContext context, string file, CancellationToken cancellationToken)
    {
        var path = context.ResolvePath(file);
        if (!File.Exists(path))
        {
            throw new CliException(ExitCodes.NotFound, $"No such file: {path}");
        }
        return await File.ReadAllTextAsync(path, cancellationToken);
    }
}
