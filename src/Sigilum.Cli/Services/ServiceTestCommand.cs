using System.CommandLine;
using System.Text.Json.Nodes;
using Sigilum.Cli.Remote;
using Spectre.Console;

namespace Sigilum.Cli.Services;

/// <summary><c>sigilum service test &lt;id&gt;</c>: the gateway calls the upstream with the secret injected and reports pass or fail.</summary>
internal static class ServiceTestCommand
{
    public static Command Create(CliContext context)
    {
        var id = new Argument<string>("id") { Description = "The service id (= gateway connection id)." };
        var method = new Option<string?>("--method") { Description = "HTTP method [default: GET].", HelpName = "method" };
        var path = new Option<string?>("--path") { Description = "Path under the base URL [default: /].", HelpName = "path" };
        var options = new ServiceOptions();
        return CommandDeclaration.Define("test", [id, method, path, .. options.Symbols]).WithAction(async (parseResult, cancellationToken) =>
        {
            var serviceId = parseResult.GetRequiredValue(id);
            var body = new JsonObject();
            if (parseResult.GetValue(method) is { } m)
            {
                body["method"] = m.ToUpperInvariant();
            }
            if (parseResult.GetValue(path) is { } p)
            {
                body["test_path"] = p;
            }
            using var gateway = options.OpenGateway(context, parseResult);
            var response = await gateway.TrySendAsync(HttpMethod.Post, "/connections/" + ApiClient.Segment(serviceId) + "/test",
                System.Text.Encoding.UTF8.GetBytes(body.ToJsonString()), cancellationToken);
            // 502 with a result means the upstream did not answer at all: still a test result, not an API error.
            if (!(response.IsSuccess || (response.Status == 502 && ServiceFields.Text(response.Body, "status") is not null)))
            {
                throw gateway.ToException(response);
            }
            var status = ServiceFields.Text(response.Body, "status") ?? "fail";
            var httpStatus = ServiceFields.Number(response.Body, "http_status");
            var error = ServiceFields.Text(response.Body, "error");
            if (parseResult.GetValue(options.Json))
            {
                context.Output.WriteJson(new JsonObject { ["command"] = "service test", ["id"] = serviceId, ["status"] = status, ["http_status"] = httpStatus, ["error"] = error });
            }
            else
            {
                context.Output.Console.MarkupLine(status == "pass"
                    ? $"[green]pass[/] {Markup.Escape(serviceId)}: the upstream answered {httpStatus}."
                    : $"[red]fail[/] {Markup.Escape(serviceId)}: {Markup.Escape(error ?? (httpStatus is null ? "no answer" : $"HTTP {httpStatus}"))}.");
            }
            return status == "pass" ? ExitCodes.Ok : ExitCodes.CheckFailed;
        });
    }
}
