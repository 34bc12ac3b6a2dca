using System.CommandLine;
using System.Text.Json.Nodes;
using Sigilum.Protocol.Signatures;
using Spectre.Console;

namespace Sigilum.Cli.Signing;

/// <summary><c>sigilum verify --request-file FILE</c>: check a signed request the way a Sigilum verifier does.</summary>
internal static class VerifyCommand
{
    public static Command Create(CliContext context)
    {
        var file = new Option<string>("--request-file", "-f")
        {
            Description = "JSON as printed by 'sigilum sign --json' ({method, url, headers, body}); '-' reads stdin.",
            HelpName = "file",
            Required = true,
        };
        var maxAge = new Option<int?>("--max-age")
        {
            Description = "Reject signatures whose created time is older than this many seconds, or in the future [default: no time check].",
            HelpName = "seconds",
        };
        var expectNamespace = new Option<string?>("--expect-namespace") { Description = "Require this signed namespace.", HelpName = "ns" };
        var expectSubject = new Option<string?>("--expect-subject") { Description = "Require this signed subject.", HelpName = "subject" };
        var allowAgentId = new Option<bool>("--allow-agent-id")
        {
            Description = "Accept the sigilum-agent-id component variant (as gateways do; the control plane refuses it).",
        };
        var json = CommonOptions.Json();
        return CommandDeclaration.Define("verify", file, maxAge, expectNamespace, expectSubject, allowAgentId, json).WithAction(parseResult =>
        {
            var seconds = parseResult.GetValue(maxAge);
            if (seconds is < 0)
            {
                throw new CliException(ExitCodes.Usage, "--max-age must be zero or more seconds.");
            }
            var document = SignedRequestDocument.Parse(ReadRequestFile(context, parseResult.GetRequiredValue(file)));
            var result = RequestVerifier.Verify(
                new VerifyRequest
                {
                    Method = document.Method,
                    TargetUri = TargetOf(document.Url),
                    Headers = document.Headers,
                    Body = document.Body,
                },
                new VerifyOptions
                {
                    Time = context.Environment.Time,
                    MaxAge = seconds is null ? null : TimeSpan.FromSeconds(seconds.Value),
                    ExpectedNamespace = parseResult.GetValue(expectNamespace),
                    ExpectedSubject = parseResult.GetValue(expectSubject),
                    AllowAgentIdComponent = parseResult.GetValue(allowAgentId),
                });
            if (parseResult.GetValue(json))
            {
                context.Output.WriteJson(ToJson(result));
            }
            else if (result.IsValid)
            {
                context.Output.Console.MarkupLineInterpolated(
                    $"[green]valid[/]: namespace {result.Namespace}, subject {result.Subject}, key {result.KeyId}, created {result.Created}");
            }
            else
            {
                context.Output.Console.MarkupLineInterpolated($"[red]invalid[/]: {result.Code}: {result.Reason}");
            }
            return result.IsValid ? ExitCodes.Ok : ExitCodes.CheckFailed;
        });
    }

    // The file's URL is data, not an argument: a bad one is invalid input (4), not a usage error (2).
    private static string TargetOf(string url)
    {
        var target = SignatureTargetUri.Normalize(url);
        return target.IsSuccess
            ? target.Value
            : throw new CliException(ExitCodes.InvalidData, $"The request file's url is invalid: {target.Error.Reason}");
    }

    private static byte[] ReadRequestFile(CliContext context, string file) => file == "-"
        ? InputFiles.ReadStandardInput(context, SignedRequestDocument.MaxFileBytes, "request")
        : InputFiles.ReadBytes(context.ResolvePath(file), SignedRequestDocument.MaxFileBytes, "request file");

    private static JsonObject ToJson(VerificationResult result) => result.IsValid
        ? new JsonObject
        {
            ["command"] = "verify",
            ["valid"] = true,
            ["namespace"] = result.Namespace,
            ["subject"] = result.Subject,
            ["keyId"] = result.KeyId,
            ["agentId"] = result.AgentId,
            ["created"] = result.Created,
            ["nonce"] = result.Nonce,
        }
        : new JsonObject
        {
            ["command"] = "verify",
            ["valid"] = false,
            ["code"] = result.Code,
            ["reason"] = result.Reason,
        };
}
