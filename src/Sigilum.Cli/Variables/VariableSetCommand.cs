using System.CommandLine;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Sigilum.Cli.Services;

namespace Sigilum.Cli.Variables;

/// <summary><c>sigilum variable set KEY</c>: creates or replaces a gateway credential variable (stored encrypted).</summary>
internal static partial class VariableSetCommand
{
    public static Command Create(CliContext context)
    {
        var key = new Argument<string>("key") { Description = "The variable's name: 2-128 of letters, digits, '.', '_', '-'." };
        var value = new Option<string?>("--value") { Description = "The value (visible in shell history and ps; prefer --value-file or --value-stdin).", HelpName = "value" };
        var valueFile = new Option<string?>("--value-file") { Description = "Read the value from this file (one trailing newline dropped).", HelpName = "file" };
        var valueStdin = new Option<bool>("--value-stdin") { Description = "Read the value from stdin (one trailing newline dropped)." };
        var options = new VariableOptions();
        return CommandDeclaration.Define("set", [key, value, valueFile, valueStdin, .. options.Symbols]).WithAction(async (parseResult, cancellationToken) =>
        {
            var name = parseResult.GetRequiredValue(key);
            if (!KeyPattern().IsMatch(name))
            {
                throw new CliException(ExitCodes.Usage, $"'{name}' is not a valid variable name: 2-128 of letters, digits, '.', '_', '-'.");
            }
            var sources = (parseResult.GetValue(value) is not null ? 1 : 0) + (parseResult.GetValue(valueFile) is not null ? 1 : 0) + (parseResult.GetValue(valueStdin) ? 1 : 0);
            if (sources != 1)
            {
                throw new CliException(ExitCodes.Usage, "Give the value with exactly one of --value-file, --value-stdin or --value.");
            }
            byte[] bytes;
            if (parseResult.GetValue(valueFile) is { } file)
            {
                bytes = InputFiles.TrimLineEnd(InputFiles.ReadBytes(context.ResolvePath(file), SecretArguments.MaxValueBytes, "value file"), onlyOne: true);
            }
            else if (parseResult.GetValue(valueStdin))
            {
                bytes = InputFiles.TrimLineEnd(InputFiles.ReadStandardInput(context, SecretArguments.MaxValueBytes, "value"), onlyOne: true);
            }
            else
            {
                context.Output.WriteWarning("A value given with --value is visible in your shell history and to other users (ps); prefer --value-file or --value-stdin.");
                bytes = Encoding.UTF8.GetBytes(parseResult.GetValue(value)!);
            }
            try
            {
                if (bytes.Length == 0)
                {
                    throw new CliException(ExitCodes.Usage, "The value is empty.");
                }
                SecretArguments.EnsureText(bytes, "value");
                using var gateway = options.Open(context, parseResult);
                using var body = SecretBody.Create(bytes.Length, w =>
                {
                    w.WriteString("key", name);
                    w.WriteString("value", bytes);
                });
                var response = await gateway.TrySendAsync(HttpMethod.Post, "/credential-variables", body.Bytes, cancellationToken);
                if (!response.IsSuccess)
                {
                    throw gateway.ToException(response);
                }
                if (parseResult.GetValue(options.Json))
                {
                    context.Output.WriteJson(new JsonObject { ["command"] = "variable set", ["variable"] = response.Body?.DeepClone() });
                    return ExitCodes.Ok;
                }
                context.Output.Out.WriteLine($"Set {name} in the gateway; a connection secret of exactly {{{{{name}}}}} uses it.");
                return ExitCodes.Ok;
            }
            finally
            {
                Array.Clear(bytes);
            }
        });
    }

    [GeneratedRegex("^[A-Za-z0-9._-]{2,128}$", RegexOptions.CultureInvariant)]
    private static partial Regex KeyPattern();
}
