using Microsoft.Playwright;

namespace Sigilum.Dashboard.Passkeys;

/// <summary>
/// Chromium's virtual WebAuthn authenticator on one page, through the DevTools protocol (<c>WebAuthn.enable</c> +
/// <c>WebAuthn.addVirtualAuthenticator</c>): a CTAP2 platform authenticator with resident keys and user verification
/// that answers without any prompt, as a laptop's fingerprint reader would.
/// </summary>
public sealed class VirtualAuthenticator
{
    private readonly ICDPSession _session;

    private VirtualAuthenticator(ICDPSession session, string id)
    {
        _session = session;
        Id = id;
    }

    public string Id { get; }

    public static async Task<VirtualAuthenticator> AddAsync(IBrowserContext context, IPage page)
    {
        ArgumentNullException.ThrowIfNull(context);
        var session = await context.NewCDPSessionAsync(page);
        await session.SendAsync("WebAuthn.enable", new Dictionary<string, object> { ["enableUI"] = false });
        var added = await session.SendAsync("WebAuthn.addVirtualAuthenticator", new Dictionary<string, object>
        {
            ["options"] = new Dictionary<string, object>
            {
                ["protocol"] = "ctap2",
                ["transport"] = "internal",
                ["hasResidentKey"] = true,
                ["hasUserVerification"] = true,
                ["isUserVerified"] = true,
                ["automaticPresenceSimulation"] = true,
            },
        });
        return new VirtualAuthenticator(session, added!.Value.GetProperty("authenticatorId").GetString()!);
    }

    /// <summary>The credentials the authenticator holds (id and sign count of each).</summary>
    public async Task<IReadOnlyList<(string CredentialId, long SignCount)>> CredentialsAsync()
    {
        var answer = await _session.SendAsync("WebAuthn.getCredentials", new Dictionary<string, object> { ["authenticatorId"] = Id });
        return [.. answer!.Value.GetProperty("credentials").EnumerateArray()
            .Select(c => (c.GetProperty("credentialId").GetString()!, c.GetProperty("signCount").GetInt64()))];
    }
}
