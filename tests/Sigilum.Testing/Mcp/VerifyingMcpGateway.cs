using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Sigilum.Protocol.Signatures;

namespace Sigilum.Testing.Mcp;

/// <summary>
/// A stand-in for the gateway's three MCP routes on a free loopback port, for the bridge's own tests: every request's
/// RFC 9421 signature is verified with Sigilum.Protocol (nonce once only), so what it records proves who signed.
/// Unapproved keys get the gateway's markdown 403 <c>AUTH_CLAIM_REQUIRED</c> and a pending claim; tools outside
/// <see cref="Allowed"/> get 403 <c>MCP_TOOL_FORBIDDEN</c> in the gateway's envelope; <c>echo</c> answers as the MCP
/// reference server does. Shared by the bridge's CLI tests and its OpenClaw probe test; the end-to-end tests use the real gateway.
/// </summary>
public sealed class VerifyingMcpGateway : IAsyncDisposable
{
    public const string Connection = "sigilum-secure-mcpe";

    private readonly WebApplication _app;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, bool> _nonces = new(StringComparer.Ordinal);

    private VerifyingMcpGateway(WebApplication app, TimeProvider time)
    {
        _app = app;
        _time = time;
    }

    public string Url => _app.Urls.First();

    /// <summary>Public keys (<c>ed25519:…</c>) the owner approved.</summary>
    public ConcurrentDictionary<string, bool> Approved { get; } = new(StringComparer.Ordinal);

    /// <summary>The tools the policy lets this agent see and call, in the order listed.</summary>
    public List<string> Allowed { get; set; } = ["echo", "get-sum"];

    /// <summary>Every request's verification, in arrival order.</summary>
    public ConcurrentQueue<(string Method, string Path, VerificationResult Verified, string Body)> Requests { get; } = new();

    /// <summary>Pending claims filed for unapproved keys: (public key, agent id, subject).</summary>
    public ConcurrentQueue<(string PublicKey, string? AgentId, string? Subject)> PendingClaims { get; } = new();

    /// <summary>When set, every route answers this status and body instead (an older or foreign server at the URL).</summary>
    public (int Status, string Body)? Override { get; set; }

    public static async Task<VerifyingMcpGateway> StartAsync(TimeProvider time)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var gateway = new VerifyingMcpGateway(app, time);
        app.Run(gateway.HandleAsync);
        await app.StartAsync();
        return gateway;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer);
        var body = buffer.ToArray();
        var headers = request.Headers.SelectMany(h => h.Value.Select(v => new KeyValuePair<string, string>(h.Key, v ?? ""))).ToList();
        var verified = RequestVerifier.Verify(
            new VerifyRequest { Method = request.Method, TargetUri = $"http://{request.Host}{request.Path}{request.QueryString}", Headers = headers, Body = body },
            new VerifyOptions { Time = _time, MaxAge = TimeSpan.FromSeconds(60), AllowAgentIdComponent = true, TryRecordNonce = (_, nonce) => _nonces.TryAdd(nonce, true) });
        Requests.Enqueue((request.Method, request.Path.Value ?? "", verified, Encoding.UTF8.GetString(body)));
        if (Override is { } fixedAnswer)
        {
            await WriteAsync(context, fixedAnswer.Status, fixedAnswer.Body, "application/json", null);
            return;
        }
        if (!verified.IsValid)
        {
            await ErrorAsync(context, 401, "AUTH_SIGNATURE_INVALID", "Signature verification failed.");
            return;
        }
        if (!Approved.ContainsKey(verified.PublicKey!))
        {
            PendingClaims.Enqueue((verified.PublicKey!, verified.AgentId, verified.Subject));
            var page = $"""
                # HTTP 403 AUTH_CLAIM_REQUIRED: Sigilum Authorization Required

                Sigilum verified your signature, but your key has no active approval for `{Connection}`.

                ## Authorization Registration
                - Claim submit result: `recorded`
                - Claim ID: `cl_{PendingClaims.Count:D24}`
                - Claim state: `pending`
                """;
            await WriteAsync(context, 403, page, "text/markdown", "AUTH_CLAIM_REQUIRED");
            return;
        }
        var prefix = "/mcp/" + Connection + "/tools";
        var path = request.Path.Value ?? "";
        if (request.Method == "GET" && path == prefix)
        {
            var tools = new JsonArray(Allowed.Select(name => (JsonNode)new JsonObject
            {
                ["name"] = name,
                ["description"] = "The " + name + " tool.",
                ["input_schema"] = name == "echo"
                    ? """{"type":"object","properties":{"message":{"type":"string"}},"required":["message"]}"""
                    : """{"type":"object"}""",
            }).ToArray());
            var list = new JsonObject { ["connection_id"] = Connection, ["subject"] = verified.Subject, ["discovery_cache_status"] = "cache_hit", ["tools"] = tools };
            await WriteAsync(context, 200, list.ToJsonString(), "application/json", null);
            return;
        }
        if (request.Method == "POST" && path.StartsWith(prefix + "/", StringComparison.Ordinal) && path.EndsWith("/call", StringComparison.Ordinal))
        {
            var tool = Uri.UnescapeDataString(path[(prefix.Length + 1)..^"/call".Length]);
            if (!Allowed.Contains(tool))
            {
                await ErrorAsync(context, 403, "MCP_TOOL_FORBIDDEN", $"Tool {tool} is not allowed for this subject (MCP_TOOL_DENIED_ALLOWLIST).");
                return;
            }
            using var arguments = JsonDocument.Parse(body);
            var message = arguments.RootElement.GetProperty("arguments").TryGetProperty("message", out var m) ? m.GetString() : null;
            var result = new JsonObject
            {
                ["connection_id"] = Connection,
                ["tool"] = tool,
                ["discovery_cache_status"] = "cache_hit",
                ["result"] = new JsonObject { ["content"] = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = "Echo: " + message }) },
            };
            await WriteAsync(context, 200, result.ToJsonString(), "application/json", null);
            return;
        }
        await ErrorAsync(context, 404, "NOT_FOUND", "No such route.");
    }

    private static Task ErrorAsync(HttpContext context, int status, string code, string message) =>
        WriteAsync(context, status, new JsonObject { ["error"] = message, ["code"] = code, ["request_id"] = "req-1" }.ToJsonString(), "application/json", code);

    private static async Task WriteAsync(HttpContext context, int status, string body, string contentType, string? code)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        if (code is not null)
        {
            context.Response.Headers["X-Sigilum-Code"] = code;
        }
        await context.Response.WriteAsync(body);
    }
}
