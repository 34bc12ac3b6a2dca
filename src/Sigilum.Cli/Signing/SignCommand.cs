using System.CommandLine;
using Sigilum.Protocol.Signatures;

namespace Sigilum.Cli.Signing;

/// <summary><c>sigilum sign METHOD URL</c>: print the Sigilum headers for a request without sending it.</summary>
internal static class SignCommand
{
    public static Command Create(CliContext context)
    {
        var method = new Argument<string>("METHOD") { Description = "HTTP method, e.g. GET or POST." };
        var url = new Argument<string>("URL") { Description = "Absolute http(s) URL exactly as it will be requested (a #fragment is not signed)." };
        var body = new BodyInput();
        var subject = new Option<string?>("--subject")
        {
            Description = "Who triggered the action, inside the namespace [default: the namespace].",
            HelpName = "subject",
        };
        var created = new Option<long?>("--created")
        {
            Description = "Fix the created time (Unix seconds) instead of now; for reproducing test vectors.",
            HelpName = "unix-seconds",
        };
        var nonce = new Option<string?>("--nonce")
        {
            Description = "Fix the nonce instead of a fresh UUID; for reproducing test vectors. Never reuse one for real requests.",
            HelpName = "nonce",
        };
        var ns = CommonOptions.Namespace();
        var home = CommonOptions.Home();
        var json = CommonOptions.Json();
        return CommandDeclaration.Define("sign", [method, url, .. body.Symbols, subject, ns, home, json, created, nonce]).WithAction(parseResult =>
        {
            var verb = RequestLine.Method(parseResult.GetRequiredValue(method));
            var address = parseResult.GetRequiredValue(url);
            var target = RequestLine.TargetUri(address);
            var bytes = body.Read(parseResult, context);
            var options = FixedValues(parseResult.GetValue(created), parseResult.GetValue(nonce));
            var store = context.OpenStore(parseResult.GetValue(home));
            var record = context.LoadIdentity(store, parseResult.GetValue(ns));
            using var identity = SigningIdentity.FromRecord(record);
            var signed = Sign(identity, new SignRequest
            {
                Method = verb,
                Url = address,
                Body = bytes,
                Subject = parseResult.GetValue(subject),
            }, context.Environment.Time, options);

            return context.Output.Report(parseResult.GetValue(json),
                () => new SignedRequestDocument(verb, address, signed.Headers, bytes).ToJson(target),
                output =>
                {
                    foreach (var (name, value) in signed.Headers)
                    {
                        output.Out.WriteLine($"{name}: {value}");
                    }
                });
        });
    }

    private static SignedRequest Sign(SigningIdentity identity, SignRequest request, TimeProvider time, SignOptions? options)
    {
        try
        {
            return RequestSigner.Sign(identity, request, time, options);
        }
        catch (ArgumentException ex)
        {
            // The signer refuses values it cannot put in a header (e.g. a subject with a line break).
            throw new CliException(ExitCodes.Usage, "Cannot sign this request: " + ex.Message);
        }
    }

    private static SignOptions? FixedValues(long? created, string? nonce)
    {
        if (created is <= 0)
        {
            throw new CliException(ExitCodes.Usage, "--created must be a positive Unix time in seconds.");
        }
        if (nonce is not null && (nonce.Length is 0 or > 128 || nonce.Any(c => c is <= ' ' or > '~' or '"' or '\\')))
        {
            throw new CliException(ExitCodes.Usage, "--nonce must be 1-128 visible ASCII characters without quotes or backslashes.");
        }
        return created is null && nonce is null ? null : new SignOptions { Created = created, Nonce = nonce };
    }
}
