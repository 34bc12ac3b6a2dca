using System.CommandLine;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
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
        var command = new Command("request",
            "Send a signed HTTP request and print the response, like curl.")
        {
            method, url,
        };
        body.AddTo(command);
        foreach (var option in new Option[] { headers, subject, include, fail, timeout, ns, home, json })
        {
            command.Options.Add(option);
        }
        context.Examples.AddDetails(command,
            "Signs the request with your identity (fresh created time and nonce) and sends it. Prints the response body on stdout " +
            "and the status line on stderr; with --include, the status line and response headers go to stdout before the body. " +
            "A body without a Content-Type header is sent as application/json when it parses as JSON, else as " +
            "application/octet-stream. Exit code 0 whenever a response arrives (1 with --fail and a status of 400 or more), " +
            "5 when none does (connection refused, DNS, TLS, timeout).");
        context.Examples.Add(command,
            "sigilum request GET http://127.0.0.1:38100/proxy/linear/v1/issues",
            "sigilum request POST https://api.example.test/v1/x --body '{\"a\":1}' -i",
            "sigilum request PUT https://api.example.test/v1/doc --body-file doc.bin -H 'Content-Type: application/pdf'",
            "sigilum request GET https://api.example.test/v1/items --json | jq .status");
        command.SetAction(async (parseResult, cancellationToken) =>
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
            using var identity = SigningIdentity.FromRecord(CliContext.LoadIdentity(store, parseResult.GetValue(ns)));
            var options = new SigilumSigningOptions { Subject = parseResult.GetValue(subject), TimeProvider = context.Environment.Time };
            using var client = new HttpClient(new SigilumSigningHandler(identity, options, context.Environment.CreateHttpHandler()))
            {
                Timeout = TimeSpan.FromSeconds(seconds),
            };
            using var response = await Send(client, spec, seconds, cancellationToken);
            var responseBody = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            Print(context, response, responseBody, parseResult.GetValue(include), parseResult.GetValue(json));
            return parseResult.GetValue(fail) && (int)response.StatusCode >= 400 ? ExitCodes.CheckFailed : ExitCodes.Ok;
        });
        return command;
    }

    private static async Task<HttpResponseMessage> Send(HttpClient client, RequestSpec spec, int seconds, CancellationToken cancellationToken)
    {
        using var request = spec.ToMessage();
        try
        {
            return await client.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw new CliException(ExitCodes.Network, $"Request to {RequestLine.Printable(spec.Url)} failed: {ex.Message}");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new CliException(ExitCodes.Network, $"Request to {RequestLine.Printable(spec.Url)} timed out after {seconds} s.");
        }
    }

    private static void Print(CliContext context, HttpResponseMessage response, byte[] body, bool include, bool json)
    {
        var output = context.Output;
        var status = $"HTTP/{response.Version} {(int)response.StatusCode} {response.ReasonPhrase}";
        if (json)
        {
            var headers = new JsonObject();
            foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
            {
                headers[name.ToLowerInvariant()] = string.Join(", ", values);
            }
            output.WriteJson(new JsonObject
            {
                ["command"] = "request",
                ["status"] = (int)response.StatusCode,
                ["reason"] = response.ReasonPhrase,
                ["headers"] = headers,
                ["body"] = Encoding.UTF8.GetString(body),
            });
            return;
        }
        if (include)
        {
            output.Out.WriteLine(status);
            foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
            {
                output.Out.WriteLine($"{name}: {string.Join(", ", values)}");
            }
            output.Out.WriteLine();
        }
        else
        {
            // Status on stderr keeps stdout exactly the body, for pipes.
            output.Error.WriteLine(status);
        }
        output.Out.Write(Encoding.UTF8.GetString(body));
        if (body.Length > 0 && body[^1] != (byte)'\n')
        {
            output.Out.WriteLine();
        }
    }

    private sealed record RequestSpec(string Method, string Url, byte[] Body, IReadOnlyList<KeyValuePair<string, string>> Headers)
    {
        public HttpRequestMessage ToMessage()
        {
            var message = new HttpRequestMessage(new HttpMethod(Method), new Uri(Url, UriKind.Absolute));
            var contentHeaders = Headers.Where(h => IsContentHeader(h.Key)).ToList();
            if (Body.Length > 0 || contentHeaders.Count > 0)
            {
                message.Content = new ByteArrayContent(Body);
                if (!contentHeaders.Any(h => h.Key.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)) && Body.Length > 0)
                {
                    message.Content.Headers.ContentType = new MediaTypeHeaderValue(LooksLikeJson(Body) ? "application/json" : "application/octet-stream");
                }
                foreach (var (name, value) in contentHeaders)
                {
                    message.Content.Headers.TryAddWithoutValidation(name, value);
                }
            }
            foreach (var (name, value) in Headers.Where(h => !IsContentHeader(h.Key)))
            {
                if (name.Equals("Host", StringComparison.OrdinalIgnoreCase))
                {
                    message.Headers.Host = value;
                }
                else
                {
                    message.Headers.TryAddWithoutValidation(name, value);
                }
            }
            return message;
        }

        private static bool IsContentHeader(string name) =>
            name.StartsWith("Content-", StringComparison.OrdinalIgnoreCase) && !name.Equals("Content-Digest", StringComparison.OrdinalIgnoreCase);

        private static bool LooksLikeJson(byte[] body)
        {
            try
            {
                using var _ = JsonDocument.Parse(body);
                return true;
            }
            catch (JsonException)
            {
                return false;
            }
        }
    }
}
