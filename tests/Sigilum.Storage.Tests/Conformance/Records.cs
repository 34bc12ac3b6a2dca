using Sigilum.Core.Claims;
using Sigilum.Core.Ids;
using Sigilum.Core.Services;
using Sigilum.Core.Usage;
using Sigilum.Core.Webhooks;

namespace Sigilum.Storage.Conformance;

/// <summary>Builders for valid records with unique ids; tests override what they look at.</summary>
internal static class Records
{
    public static string AgentKey() => "ed25519:" + Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    public static ClaimRecord Claim(string ns, DateTimeOffset at, string service = "openai", string? publicKey = null) => new()
    {
        Id = IdGenerator.ClaimId(),
        Namespace = ns,
        Service = service,
        PublicKey = publicKey ?? AgentKey(),
        AgentId = "agent-1",
        AgentName = "Research bot",
        Subject = "alice",
        AgentIp = "203.0.113.7",
        Status = ClaimStatus.Pending,
        CreatedAt = at,
        UpdatedAt = at,
    };

    public static ClaimRecord Approved(ClaimRecord claim, DateTimeOffset at) =>
        claim with { Status = ClaimStatus.Approved, ApprovedAt = at, UpdatedAt = at };

    public static ServiceRecord Service(string ns, string slug, DateTimeOffset at) => new()
    {
        Id = IdGenerator.New("svc_"),
        Namespace = ns,
        Slug = slug,
        Name = slug.ToUpperInvariant(),
        Description = "The " + slug + " API",
        UpstreamHosts = ["api." + slug + ".example", "eu.api." + slug + ".example"],
        CreatedAt = at,
        UpdatedAt = at,
    };

    public static ServiceApiKeyRecord ApiKey(string serviceId, DateTimeOffset at)
    {
        var raw = IdGenerator.ServiceApiKey();
        return new ServiceApiKeyRecord
        {
            Id = IdGenerator.New("key_"),
            ServiceId = serviceId,
            Name = "ci",
            KeyHash = IdGenerator.HashToken(raw),
            Last4 = raw[^4..],
            CreatedAt = at,
        };
    }

    public static WebhookDelivery Delivery(string webhookId, DateTimeOffset due) => new()
    {
        Id = IdGenerator.New("whd_"),
        WebhookId = webhookId,
        Event = "request.approved",
        Body = """{"event":"request.approved","data":{"claim_id":"cl_x"}}""",
        Attempt = 0,
        FirstAttemptAt = due,
        NextAttemptAt = due,
        Status = WebhookDeliveryStatus.Pending,
    };

    public static UsageEvent Usage(string ns, DateTimeOffset at, string service = "openai", string outcome = "success") => new()
    {
        EventId = IdGenerator.New("evt_"),
        Namespace = ns,
        Service = service,
        PublicKey = AgentKey(),
        Subject = "alice",
        AgentId = "agent-1",
        Outcome = outcome,
        StatusCode = 200,
        DurationMs = 42,
        Method = "POST",
        Path = "/v1/chat/completions",
        NodeId = "node_1",
        CreatedAt = at,
        Protocol = "mcp",
        Action = "mcp_call:echo",
    };
}
