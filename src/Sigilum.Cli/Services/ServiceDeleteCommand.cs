using System.CommandLine;
using System.Text.Json.Nodes;
using Sigilum.Cli.Remote;

namespace Sigilum.Cli.Services;

/// <summary><c>sigilum service delete &lt;id&gt;</c>: removes the gateway connection (and its secrets) and the control-plane service.</summary>
internal static class ServiceDeleteCommand
{
    public static Command Create(CliContext context)
    {
        var id = new Argument<string>("id") { Description = "The service id (= gateway connection id)." };
        var yes = new Option<bool>("--yes", "-y") { Description = "Do not ask for confirmation (required with --json or without a terminal)." };
        var options = new ServiceOptions();
        return CommandDeclaration.Define("delete", [id, yes, .. options.Symbols]).WithAction(async (parseResult, cancellationToken) =>
        {
            var serviceId = parseResult.GetRequiredValue(id);
            var json = parseResult.GetValue(options.Json);
            if (!parseResult.GetValue(yes))
            {
                if (json || !context.Environment.OutputIsTerminal)
                {
                    throw new CliException(ExitCodes.Usage, $"Deleting {serviceId} removes its secrets and approvals; pass --yes to confirm.");
                }
                context.Output.Out.Write($"Delete service {serviceId} (gateway connection with its secrets, control-plane service with its keys and claims)? [y/N] ");
                if (!Confirmed(context))
                {
                    context.Output.Out.WriteLine("Nothing deleted.");
                    return ExitCodes.CheckFailed;
                }
            }
            using var owner = options.OpenOwner(context, parseResult);
            using var gateway = options.OpenGateway(context, parseResult);
            var connection = await gateway.TrySendAsync(HttpMethod.Delete, "/connections/" + ApiClient.Segment(serviceId), null, cancellationToken);
            if (!connection.IsSuccess && connection.Status != 404)
            {
                throw gateway.ToException(connection);
            }
            var service = await owner.Client.TrySendAsync(HttpMethod.Delete, owner.NamespacePath + "/services/" + ApiClient.Segment(serviceId), null, cancellationToken);
            if (!service.IsSuccess && service.Status != 404)
            {
                throw ApiProblems.ToException(service, ownerCall: true);
            }
            if (!connection.IsSuccess && !service.IsSuccess)
            {
                throw new CliException(ExitCodes.NotFound, $"No service '{serviceId}' in the control plane or the gateway; see: sigilum service list");
            }
            return context.Output.Report(json,
                () => new JsonObject
                {
                    ["command"] = "service delete",
                    ["id"] = serviceId,
                    ["connection_deleted"] = connection.IsSuccess,
                    ["service_deleted"] = service.IsSuccess,
                },
                output =>
                {
                    output.Out.WriteLine($"Deleted {serviceId}: " + string.Join(" and ",
                        new[] { connection.IsSuccess ? "the gateway connection" : null, service.IsSuccess ? "the control-plane service" : null }.Where(s => s is not null)) + ".");
                });
        });
    }

    private static bool Confirmed(CliContext context)
    {
        using var stdin = context.Environment.OpenStandardInput();
        using var reader = new StreamReader(stdin);
        var answer = reader.ReadLine()?.Trim();
        return answer is not null && (answer.Equals("y", StringComparison.OrdinalIgnoreCase) || answer.Equals("yes", StringComparison.OrdinalIgnoreCase));
    }
}
