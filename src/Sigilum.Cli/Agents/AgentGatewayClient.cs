using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Sigilum.Protocol.Errors;
using Sigilum.Protocol.Identity;
using Sigilum.Protocol.Keys;
using Sigilum.Protocol.Signatures;
using Sigilum.Sdk.Identity;
using Sigilum.Sdk.Signing;

namespace Sigilum.Cli.Agents;

/// <summary>
/// Signs as the agent and talks to the gateway. The agent's raw key pair (no identity record) gets a certificate for
/// the namespace minted at request time — self-signed by the same key, as every Sigilum certificate is (protocol
/// spec §2.3) — and every request is signed with the agent-id component variant, so the gateway sees which agent
/// asks and names it in the pending claim. The seed is read once, held only inside <see cref="SigningIdentity"/>
/// and zeroed when the client is disposed.
/// </summary>
internal sealed class AgentGatewayClient : IDisposable
{
    /// <summary>The most of an answer the helper reads; an agent cannot use more in its context anyway.</summary>
    public const int MaxResponseBytes = 16 * 1024 * 1024;

    /// <summary>The most of a connection description (admin API) read to learn its protocol.</summary>
    public const int MaxConnectionViewBytes = 64 * 1024;

    private readonly SigningIdentity _identity;
    private readonly HttpClient _signed;
    private readonly HttpClient _plain;
    private readonly AgentSettings _settings;

    private AgentGatewayClient(AgentSettings settings, SigningIdentity identity, CliContext context)
    {
        _settings = settings;
        _identity = identity;
        PublicKey = identity.AgentKeyHeader;
        var options = new SigilumSigningOptions { Subject = settings.Subject.Subject, TimeProvider = context.Environment.Time };
        _signed = new HttpClient(new SigilumSigningHandler(identity, options, context.Environment.CreateHttpHandler())) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
        _plain = new HttpClient(context.Environment.CreateHttpHandler()) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
    }

    /// <summary>The agent's public key, <c>ed25519:&lt;base64&gt;</c>.</summary>
    public string PublicKey { get; }

    /// <summary>Loads the chosen agent's key pair and certifies it for the namespace.</summary>
    public static AgentGatewayClient Open(AgentSettings settings, CliContext context)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(context);
        Ed25519KeyPair? pair;
        try
        {
            pair = AgentKeyDirectory.Load(settings.KeyRoot, settings.Agent.AgentId);
        }
        catch (InvalidDataException ex)
        {
            // The message names the file, never its contents.
            throw new CliException(ExitCodes.InvalidData, $"{ex.Message} Re-create the agent's key ({ErrorCatalogue.AgentKeyInvalid})");
        }
        if (pair is null)
        {
            throw new CliException(ExitCodes.NotFound, $"The key pair of agent {settings.Agent.AgentId} disappeared from {settings.KeyRoot} ({ErrorCatalogue.AgentKeyNotFound})");
        }
        try
        {
            // Second precision, as Sigilum's helper writes it; the text is signed as is and never enforced.
            var issuedAt = context.Environment.Time.GetUtcNow().ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
            var certificate = AgentCertificate.Issue(pair, settings.Namespace, issuedAt);
            return new AgentGatewayClient(settings, SigningIdentity.Create(pair, certificate), context);
        }
        catch
        {
            pair.Dispose();
            throw;
        }
    }

    /// <summary>Sends a signed request to <paramref name="pathAndQuery"/> on the gateway and reads the whole answer.</summary>
    public async Task<AgentReply> SendAsync(HttpMethod method, string pathAndQuery, byte[]? jsonBody, CancellationToken cancellationToken)
    {
        var url = _settings.Url(pathAndQuery);
        using var request = new HttpRequestMessage(method, url);
        request.Headers.TryAddWithoutValidation(SigilumHeaders.AgentId, _settings.Agent.AgentId);
        if (jsonBody is { Length: > 0 })
        {
            request.Content = new ByteArrayContent(jsonBody);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }
        using var response = await _signed.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        var body = await ReadBoundedAsync(response.Content, MaxResponseBytes, cancellationToken).ConfigureAwait(false)
            ?? throw new CliException(ExitCodes.Network, $"The gateway's answer from {url} is larger than {MaxResponseBytes / (1024 * 1024)} MiB ({ErrorCatalogue.AgentResponseTooLarge})");
        var code = response.Headers.TryGetValues("X-Sigilum-Code", out var codes) ? codes.FirstOrDefault() : null;
        return new AgentReply(url, (int)response.StatusCode, code, Encoding.UTF8.GetString(body));
    }

    /// <summary>
    /// The connection's protocol as the gateway describes it (<c>GET /api/admin/connections/&lt;id&gt;</c>, which a
    /// loopback client may read without the admin token and which holds no secret, ADR 0020), or
    /// <see cref="ConnectionProtocol.Auto"/> when the gateway does not say (a remote gateway, no such connection, an
    /// older gateway). Sent unsigned and without any token: the agent has none and needs none.
    /// </summary>
    public async Task<ConnectionProtocol> LookupProtocolAsync(string connection, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, _settings.Url("/api/admin/connections/" + Uri.EscapeDataString(connection)));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var response = await _plain.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            return ConnectionProtocol.Auto;
        }
        var body = await ReadBoundedAsync(response.Content, MaxConnectionViewBytes, cancellationToken).ConfigureAwait(false);
        if (body is null)
        {
            return ConnectionProtocol.Auto;
        }
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object &&
                document.RootElement.TryGetProperty("protocol", out var protocol) && protocol.ValueKind == JsonValueKind.String
                ? Parse(protocol.GetString())
                : ConnectionProtocol.Auto;
        }
        catch (JsonException)
        {
            return ConnectionProtocol.Auto;
        }
    }

    /// <summary><c>http</c> / <c>mcp</c> (any case, trimmed), else <see cref="ConnectionProtocol.Auto"/>.</summary>
    public static ConnectionProtocol Parse(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        "http" => ConnectionProtocol.Http,
        "mcp" => ConnectionProtocol.Mcp,
        _ => ConnectionProtocol.Auto,
    };

    public void Dispose()
    {
        _signed.Dispose();
        _plain.Dispose();
        _identity.Dispose();
    }

    /// <summary>The whole body, or null when it is longer than <paramref name="max"/> bytes.</summary>
    private static async Task<byte[]?> ReadBoundedAsync(HttpContent content, int max, CancellationToken cancellationToken)
    {
        using var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > max)
            {
                return null;
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }
}
