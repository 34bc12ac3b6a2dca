using System.CommandLine;
using System.Text.Json.Nodes;
using Sigilum.Cli.Remote;

namespace Sigilum.Cli.Services;

/// <summary><c>sigilum service rotate &lt;id&gt; --secret K=…</c>: a new secret version (the old one is kept).</summary>
internal static class ServiceRotateCommand
{
    public static Command Create(CliContext context)
    {
        var id = new Argument<string>("id") { Description = "The service id (= gateway connection id)." };
        var secret = SecretArguments.Secret();
        var secretEnv = SecretArguments.SecretEnv();
        var reason = new Option<string?>("--reason") { Description = "Why (kept with the rotation).", HelpName = "text" };
        var options = new ServiceOptions();
        return CommandDeclaration.Define("rotate", [id, secret, secretEnv, reason, .. options.Symbols]).WithAction(async (parseResult, cancellationToken) =>
        {
            var serviceId = parseResult.GetRequiredValue(id);
            var ns = options.ResolveNamespace(context, parseResult);
            var secrets = SecretArguments.Read(context, parseResult.GetValue(secret), parseResult.GetValue(secretEnv));
            try
            {
                if (secrets.Count == 0)
                {
                    throw new CliException(ExitCodes.Usage, "Give the new secret with --secret K=@file, --secret K=-, --secret-env K=VAR or --secret K=VALUE.");
                }
                using var gateway = options.OpenGateway(context, parseResult);
                using var body = SecretBody.Create(secrets.Sum(s => s.Value.Length), w =>
                {
                    SecretBody.WriteSecrets(w, "secrets", secrets);
                    w.WriteString("rotated_by", ns);
                    if (parseResult.GetValue(reason) is { } why)
                    {
                        w.WriteString("rotation_reason", why);
                    }
                });
                var response = await gateway.TrySendAsync(HttpMethod.Post, "/connections/" + ApiClient.Segment(serviceId) + "/rotate", body.Bytes, cancellationToken);
                if (!response.IsSuccess)
                {
                    throw gateway.ToException(response);
                }
                if (parseResult.GetValue(options.Json))
                {
                    context.Output.WriteJson(new JsonObject { ["command"] = "service rotate", ["connection"] = response.Body?.DeepClone() });
                    return ExitCodes.Ok;
                }
                context.Output.Out.WriteLine($"Rotated {serviceId}: secret version {ServiceFields.Number(response.Body, "secret_version")}" +
                    (ServiceFields.Text(response.Body, "next_rotation_due_at") is not null ? $", next rotation due {ServiceFields.Date(response.Body, "next_rotation_due_at")}." : "."));
                return ExitCodes.Ok;
            }
            finally
            {
                secrets.ForEach(s => s.Dispose());
            }
        });
    }
}
