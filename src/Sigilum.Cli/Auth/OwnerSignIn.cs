using System.Text.Json.Nodes;
using Sigilum.Cli.Remote;
using Sigilum.Protocol.Signatures;

namespace Sigilum.Cli.Auth;

/// <summary>
/// Becoming the owner of a namespace on a control plane, with the identity key alone (no password): register
/// the namespace (a signed <c>POST /v1/namespaces</c> makes the signing key its owner), then sign in (a signed
/// <c>POST /v1/auth/login</c> returns an owner token, kept 0600 by <see cref="OwnerTokenStore"/>).
/// </summary>
internal static class OwnerSignIn
{
    /// <summary>
    /// What <c>sigilum up</c> needs: a working owner token for the identity's namespace on <paramref name="apiUrl"/>.
    /// Keeps a stored token the server still accepts; otherwise registers the namespace if it is new and signs in.
    /// </summary>
    public static async Task<(StoredToken Token, bool Registered, bool Reused)> EnsureSignedInAsync(
        CliContext context, Uri apiUrl, SigningIdentity identity, OwnerTokenStore tokens, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(identity);
        ArgumentNullException.ThrowIfNull(tokens);
        if (tokens.Find(apiUrl, identity.Namespace) is { } stored && await IsValidAsync(context, apiUrl, stored, cancellationToken))
        {
            return (stored, false, true);
        }
        var registered = false;
        using (var client = ApiClient.Signed(context, apiUrl, identity))
        {
            if (!await IsRegisteredAsync(client, identity.Namespace, cancellationToken))
            {
                registered = await RegisterAsync(context, apiUrl, identity, email: null, cancellationToken);
            }
        }
        return (await LoginAsync(context, apiUrl, identity, tokens, cancellationToken), registered, false);
    }

    /// <summary>Signs in and stores the token. A refusal is explained: namespace not registered, or owned by another key.</summary>
    public static async Task<StoredToken> LoginAsync(CliContext context, Uri apiUrl, SigningIdentity identity, OwnerTokenStore tokens, CancellationToken cancellationToken)
    {
        using var client = ApiClient.Signed(context, apiUrl, identity);
        var response = await client.TrySendAsync(HttpMethod.Post, "/v1/auth/login", null, cancellationToken);
        if (response.Status == 403)
        {
            // The server does not say why (it would tell strangers which namespaces exist); our own signed lookup may.
            throw await IsRegisteredAsync(client, identity.Namespace, cancellationToken)
                ? new CliException(ExitCodes.Auth,
                    $"Namespace {identity.Namespace} on {ApiUrl.Display(apiUrl)} is owned by another key, not your identity {identity.KeyId} ({response.Code})")
                : NotRegistered(apiUrl, identity.Namespace);
        }
        if (!response.IsSuccess)
        {
            throw ApiProblems.ToException(response, ownerCall: false);
        }
        var body = response.Body;
        var token = new StoredToken(
            ApiUrl.Key(apiUrl),
            identity.Namespace,
            Required<string>(body, "token"),
            Required<string>(body, "owner_id"),
            Required<DateTimeOffset>(body, "expires_at"),
            context.Environment.Time.GetUtcNow());
        tokens.Save(token);
        return token;
    }

    /// <summary>A one-time dashboard sign-in link for the signed-in owner (short-lived; the first sign-in uses it up).</summary>
    /// <remarks>
    /// With <paramref name="recover"/> the control plane first lifts the namespace's "require a passkey" setting (the
    /// recovery path when every passkey is lost, ADR 0056); <see cref="SignInLink.PasskeyRequirementLifted"/> says
    /// whether there was one to lift.
    /// </remarks>
    public static async Task<SignInLink> CreateSignInLinkAsync(CliContext context, Uri apiUrl, StoredToken token, CancellationToken cancellationToken, bool recover = false)
    {
        ArgumentNullException.ThrowIfNull(token);
        using var client = ApiClient.Owner(context, apiUrl, token.Token);
        var body = await client.SendAsync(HttpMethod.Post, "/v1/auth/sign-in-links" + (recover ? "?recovery=true" : string.Empty), null, cancellationToken);
        return new SignInLink(Required<string>(body, "url"), Required<DateTimeOffset>(body, "expires_at"),
            body is JsonObject obj && obj["passkey_requirement_lifted"] is JsonValue lifted && lifted.TryGetValue<bool>(out var value) && value);
    }

    /// <summary>Registers the identity's namespace with its key as owner. False when it was already registered.</summary>
    public static async Task<bool> RegisterAsync(CliContext context, Uri apiUrl, SigningIdentity identity, string? email, CancellationToken cancellationToken)
    {
        using var client = ApiClient.Signed(context, apiUrl, identity);
        var body = new JsonObject();
        if (email is not null)
        {
            body["email"] = email;
        }
        var response = await client.TrySendAsync(HttpMethod.Post, "/v1/namespaces", body, cancellationToken);
        if (response.Status == 409)
        {
            return false;
        }
        return response.IsSuccess ? true : throw ApiProblems.ToException(response, ownerCall: false);
    }

    /// <summary>Asks, signed as a member of the namespace, whether it exists (404 = not registered).</summary>
    public static async Task<bool> IsRegisteredAsync(ApiClient signed, string ns, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(signed);
        var response = await signed.TrySendAsync(HttpMethod.Get, "/v1/namespaces/" + ApiClient.Segment(ns), null, cancellationToken);
        return response.Status switch
        {
            404 => false,
            _ when response.IsSuccess => true,
            _ => throw ApiProblems.ToException(response, ownerCall: false),
        };
    }

    /// <summary>True when the stored token still works (not expired, not revoked).</summary>
    public static async Task<bool> IsValidAsync(CliContext context, Uri apiUrl, StoredToken token, CancellationToken cancellationToken)
    {
        if (token.ExpiresAt <= context.Environment.Time.GetUtcNow())
        {
            return false;
        }
        using var client = ApiClient.Owner(context, apiUrl, token.Token);
        var response = await client.TrySendAsync(HttpMethod.Get, "/v1/auth/me", null, cancellationToken);
        return response.Status switch
        {
            401 or 403 => false,
            _ when response.IsSuccess => true,
            _ => throw ApiProblems.ToException(response, ownerCall: true),
        };
    }

    public static CliException NotRegistered(Uri apiUrl, string ns) => new(ExitCodes.NotFound,
        $"Namespace {ns} is not registered on {ApiUrl.Display(apiUrl)}; register it with: sigilum namespace register");

    private static T Required<T>(JsonNode? body, string name) =>
        body is JsonObject obj && obj[name] is JsonValue value && value.TryGetValue<T>(out var result)
            ? result
            : throw new CliException(ExitCodes.InvalidData, $"The control plane's sign-in answer has no valid '{name}'.");
}
