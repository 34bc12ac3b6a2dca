using System.CommandLine;
using System.Text;
using System.Text.Json.Nodes;
using Sigilum.Cli.Signing;
using Sigilum.Protocol.Signatures;
using Sigilum.Sdk.Signing;

namespace Sigilum.Cli.Requests;

/// <summary><c>sigilum request METHOD URL</c>: send a signed request and print the response, like curl.</summary>
internal static class RequestCommand
{
    public static Command Create(CliContext context)
    {
        var method = new Argument<string>("METHOD") { Description = "HTTP method, e.g. GET or POST." };
        var url = new Argument<string>("URL") { Description = "Absolute http(s) URL." };
        var body = new BodyInput();
        var headers = new Option<string[]>("--header", "-H")
        {
            Description = "Extra request header 'Name: value' (repeatable). Sigilum headers are always replaced by the signed ones.",
            HelpName = "header",
        };
        var subject = new Option<string?>("--subject") { Description = "Who triggered the action [default: the namespace].", HelpName = "subject" };
        var include = new Option<bool>("--include", "-i") { Description = "Print the status line and response headers before the body." };
        var fail = new Option<bool>("--fail") { Description = "Exit with code 1 when the response status is 400 or above." };
        var timeout = new Option<int>("--timeout")
        {
            Description = "Give up after this many seconds.",
            HelpName = "seconds",
            DefaultValueFactory = _ => 30,
        };
        var ns = CommonOptions.Namespace();
        var home = CommonOptions.Home();
        var json = CommonOptions.Json();
        return CommandDeclaration.Define("request", [method, url, .. body.Symbols, headers, subject, include, fail, timeout, ns, home, json]).WithAction(async (parseResult, cancellationToken) =>
        {
            var spec = new RequestSpec(
                RequestLine.Method(parseResult.GetRequiredValue(method)),
                parseResult.GetRequiredValue(url),
                body.Read(parseResult, context),
                HeaderArguments.Parse(parseResult.GetValue(headers) ?? []));
            RequestLine.TargetUri(spec.Url);
            var seconds = parseResult.GetValue(timeout);
            if (seconds <= 0)
            {
                throw new CliException(ExitCodes.Usage, "--timeout must be at least 1 second.");
            }
            var store = context.OpenStore(parseResult.GetValue(home));
            using var identity = SigningIdentity.FromRecord(context.LoadIdentity(store, parseResult.GetValue(ns)));
            var options = new SigilumSigningOptions { Subject = parseResult.GetValue(subject), TimeProvider = context.Environment.Time };
            using var client = new HttpClient(new SigilumSigningHandler(identity, options, context.Environment.CreateHttpHandler()))
            {
                Timeout = Timeout.InfiniteTimeSpan,
            };
            // One deadline for the whole exchange, body included (HttpClient.Timeout would stop at the headers).
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(TimeSpan.FromSeconds(seconds));
            var status = await Exchange(context, client, spec, parseResult.GetValue(include), parseResult.GetValue(json), seconds, cancellationToken, deadline.Token);
            return parseResult.GetValue(fail) && status >= 400 ? ExitCodes.CheckFailed : ExitCodes.Ok;
        });
    }

    /// <summary>Sends the request and prints the response; transport failures become exit code 5.</summary>
    private static async Task<int> Exchange(
        CliContext context, HttpClient client, RequestSpec spec, bool include, bool json, int seconds,
        CancellationToken cancellationToken, CancellationToken deadline)
    {
        using var request = spec.ToMessage();
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline);
            if (json)
            {
                PrintJson(context, response, await response.Content.ReadAsByteArrayAsync(deadline));
            }
            else
            {
                PrintHead(context, response, include);
                await StreamBody(context, response, deadline);
            }
            return (int)response.StatusCode;
        }
        catch (HttpRequestException ex)
        {
            throw new CliException(ExitCodes.Network, $"Request to {RequestLine.Printable(spec.Url)} failed: {ex.Message}");
        }
        catch (IOException ex)
        {
            throw new CliException(ExitCodes.Network, $"Reading the response from {RequestLine.Printable(spec.Url)} failed: {ex.Message}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new CliException(ExitCodes.Network, $"Request to {RequestLine.Printable(spec.Url)} timed out after {seconds} s.");
        }
    }

    private static void PrintJson(CliContext context, HttpResponseMessage response, byte[] body)
    {
        var headers = new JsonObject();
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            headers[name.ToLowerInvariant()] = string.Join(", ", values);
        }
        context.Output.WriteJson(new JsonObject
        {
            ["command"] = "request",
            ["status"] = (int)response.StatusCode,
            ["reason"] = response.ReasonPhrase,
            ["headers"] = headers,
            ["body"] = Encoding.UTF8.GetString(body),
        });
    }

    private static void PrintHead(CliContext context, HttpResponseMessage response, bool include)
    {
        var status = $"HTTP/{response.Version} {(int)response.StatusCode} {response.ReasonPhrase}";
        if (!include)
        {
            // Status on stderr keeps stdout exactly the body, for pipes.
            context.Output.Error.WriteLine(status);
            return;
        }
        context.Output.Out.WriteLine(status);
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            context.Output.Out.WriteLine($"{name}: {string.Join(", ", values)}");
        }
        context.Output.Out.WriteLine();
    }

    /// <summary>Copies the body to stdout as it arrives (large or streamed responses are not held in memory).</summary>
    private static async Task StreamBody(CliContext context, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var buffer = new char[8192];
        var last = '\n';
        var any = false;
        int read;
        while ((read = await reader.ReadAsync(buffer, cancellationToken)) > 0)
        {
            await context.Output.Out.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            last = buffer[read - 1];
            any = true;
        }
        if (any && last != '\n')
        {
            await context.Output.Out.WriteLineAsync();
        }
        await context.Output.Out.FlushAsync(cancellationToken);
    }
}
