using System.Buffers.Binary;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Fido2NetLib;
using Fido2NetLib.Exceptions;
using Fido2NetLib.Objects;
using Microsoft.Extensions.Options;
using Sigilum.ControlPlane.Dashboard.Forms;
using Sigilum.ControlPlane.Dashboard.Sessions;
using Sigilum.ControlPlane.Hosting;
using Sigilum.Core.Ids;
using Sigilum.Core.Passkeys;
using Sigilum.Core.Storage;

namespace Sigilum.ControlPlane.Dashboard.Passkeys;

/// <summary>
/// The two WebAuthn ceremonies of the dashboard (ADR 0056), on the Fido2 library. Every challenge is random, stored
/// server-side under the hash of a token only the asking browser holds, single use (used up by the first answer,
/// whatever its outcome) and short-lived; a registration's is also bound to the browser session that asked. The
/// relying party (origin and id) comes from configuration. Before the library verifies the signature, the checks
/// that name a distinct failure are made here, each with its own code: challenge, origin, relying-party id, known
/// credential, and a signature counter that must move forward.
/// </summary>
internal sealed class PasskeyCeremonies(ISigilumStore store, TimeProvider time, PasskeyRelyingPartySource relyingParty, IOptions<ControlPlaneOptions> options)
{
    public const string TokenPrefix = "sgw_";
    public const int MaximumNameLength = 64;

    // Expired challenges are kept this long before pruning, so an answer that comes late is told "expired", not "unknown".
    private static readonly TimeSpan PruneAfter = TimeSpan.FromHours(1);

    public TimeSpan Lifetime => TimeSpan.FromSeconds(options.Value.Dashboard.PasskeyChallengeSeconds);

    /// <summary>Options for <c>navigator.credentials.create</c> for the signed-in owner, and the ceremony token for the cookie.</summary>
    public async Task<PasskeyStart> StartRegistrationAsync(DashboardUser user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        var existing = await store.Passkeys.ListAsync(user.OwnerId, cancellationToken);
        // One random user handle per owner (the first passkey's), never the namespace: it is stored on the authenticator.
        var handle = existing.Count > 0 ? existing[0].UserHandle : RandomNumberGenerator.GetBytes(32);
        var created = Fido().RequestNewCredential(new RequestNewCredentialParams
        {
            User = new Fido2User { Id = handle, Name = user.Namespace, DisplayName = "Owner of " + user.Namespace },
            ExcludeCredentials = [.. existing.Select(p => new PublicKeyCredentialDescriptor(Base64Url.DecodeFromChars(p.CredentialId)))],
            AuthenticatorSelection = new AuthenticatorSelection
            {
                ResidentKey = ResidentKeyRequirement.Required,
                UserVerification = UserVerificationRequirement.Required,
            },
            AttestationPreference = AttestationConveyancePreference.None,
        });
        return await IssueAsync(PasskeyCeremony.Registration, user.SessionHash, user.OwnerId, created.ToJson(), cancellationToken);
    }

    /// <summary>Verifies the browser's answer to a registration and stores the passkey under <paramref name="name"/>.</summary>
    public async Task<PasskeyResult<OwnerPasskey>> FinishRegistrationAsync(
        DashboardUser user, string? token, string? responseJson, string? name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        var (challenge, refused) = await TakeChallengeAsync(token, PasskeyCeremony.Registration, user.SessionHash, cancellationToken);
        if (refused is not null)
        {
            return PasskeyResult<OwnerPasskey>.Refused(refused);
        }
        if (!string.Equals(challenge!.OwnerId, user.OwnerId, StringComparison.Ordinal))
        {
            return PasskeyResult<OwnerPasskey>.Refused(PasskeyErrors.ChallengeInvalid);
        }
        var raw = Parse<AuthenticatorAttestationRawResponse>(responseJson);
        if (raw?.Response?.ClientDataJson is null || raw.Response.AttestationObject is null)
        {
            return PasskeyResult<OwnerPasskey>.Refused(PasskeyErrors.Invalid);
        }
        var original = CredentialCreateOptions.FromJson(challenge.OptionsJson);
        var rp = relyingParty.Current();
        if (CheckClientData(raw.Response.ClientDataJson, "webauthn.create", original.Challenge, rp) is { } clientDataError)
        {
            return PasskeyResult<OwnerPasskey>.Refused(clientDataError);
        }
        RegisteredPublicKeyCredential credential;
        try
        {
            credential = await Fido().MakeNewCredentialAsync(new MakeNewCredentialParams
            {
                AttestationResponse = raw,
                OriginalOptions = original,
                IsCredentialIdUniqueToUserCallback = async (args, ct) => await store.Passkeys.FindAsync(Base64Url.EncodeToString(args.CredentialId), ct) is null,
            }, cancellationToken);
        }
        catch (Exception e) when (IsVerificationFailure(e))
        {
            return PasskeyResult<OwnerPasskey>.Refused(Map(e));
        }
        var now = time.GetUtcNow();
        var passkey = new OwnerPasskey
        {
            CredentialId = Base64Url.EncodeToString(credential.Id),
            OwnerId = user.OwnerId,
            Namespace = user.Namespace,
            PublicKey = credential.PublicKey,
            UserHandle = original.User.Id,
            SignCount = credential.SignCount,
            Transports = credential.Transports is { } transports ? [.. transports.Select(TransportName)] : [],
            Name = CleanName(name) ?? "Passkey added " + now.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            CreatedAt = now,
        };
        return await store.Passkeys.AddAsync(passkey, cancellationToken)
            ? PasskeyResult<OwnerPasskey>.Ok(passkey)
            : PasskeyResult<OwnerPasskey>.Refused(PasskeyErrors.AlreadyRegistered);
    }

    /// <summary>Options for <c>navigator.credentials.get</c> (no credential list: the passkey names its owner).</summary>
    public Task<PasskeyStart> StartSignInAsync(CancellationToken cancellationToken)
    {
        var assertion = Fido().GetAssertionOptions(new GetAssertionOptionsParams
        {
            AllowedCredentials = [],
            UserVerification = UserVerificationRequirement.Required,
        });
        return IssueAsync(PasskeyCeremony.SignIn, string.Empty, null, assertion.ToJson(), cancellationToken);
    }

    /// <summary>Verifies the browser's answer to a sign-in; the owner it signs in, or the refusal.</summary>
    public async Task<PasskeyResult<PasskeySignIn>> FinishSignInAsync(string? token, string? responseJson, CancellationToken cancellationToken)
    {
        var (challenge, refused) = await TakeChallengeAsync(token, PasskeyCeremony.SignIn, string.Empty, cancellationToken);
        if (refused is not null)
        {
            return PasskeyResult<PasskeySignIn>.Refused(refused);
        }
        var raw = Parse<AuthenticatorAssertionRawResponse>(responseJson);
        if (raw?.Response?.ClientDataJson is null || raw.Response.AuthenticatorData is not { Length: >= 37 } authData || raw.RawId is null)
        {
            return PasskeyResult<PasskeySignIn>.Refused(PasskeyErrors.Invalid);
        }
        var original = AssertionOptions.FromJson(challenge!.OptionsJson);
        var rp = relyingParty.Current();
        if (CheckClientData(raw.Response.ClientDataJson, "webauthn.get", original.Challenge, rp) is { } clientDataError)
        {
            return PasskeyResult<PasskeySignIn>.Refused(clientDataError);
        }
        if (!CryptographicOperations.FixedTimeEquals(authData.AsSpan(0, 32), SHA256.HashData(Encoding.UTF8.GetBytes(rp.RpId))))
        {
            return PasskeyResult<PasskeySignIn>.Refused(PasskeyErrors.RpIdMismatch);
        }
        var credentialId = Base64Url.EncodeToString(raw.RawId);
        var passkey = await store.Passkeys.FindAsync(credentialId, cancellationToken);
        if (passkey is null)
        {
            return PasskeyResult<PasskeySignIn>.Refused(PasskeyErrors.Unknown);
        }
        // WebAuthn §7.2 step 22: when either counter is non-zero, the new one must be greater. A clone of the key
        // answers with a counter the original already used.
        long counter = BinaryPrimitives.ReadUInt32BigEndian(authData.AsSpan(33, 4));
        if ((counter > 0 || passkey.SignCount > 0) && counter <= passkey.SignCount)
        {
            return PasskeyResult<PasskeySignIn>.Refused(PasskeyErrors.CounterRegressed);
        }
        try
        {
            await Fido().MakeAssertionAsync(new MakeAssertionParams
            {
                AssertionResponse = raw,
                OriginalOptions = original,
                StoredPublicKey = passkey.PublicKey,
                StoredSignatureCounter = (uint)passkey.SignCount,
                IsUserHandleOwnerOfCredentialIdCallback = (args, _) => Task.FromResult(args.UserHandle.AsSpan().SequenceEqual(passkey.UserHandle)),
            }, cancellationToken);
        }
        catch (Exception e) when (IsVerificationFailure(e))
        {
            return PasskeyResult<PasskeySignIn>.Refused(Map(e));
        }
        // The conditional update is the last word: of two answers racing with one counter value only one passes.
        return await store.Passkeys.RecordUseAsync(credentialId, counter, time.GetUtcNow(), cancellationToken)
            ? PasskeyResult<PasskeySignIn>.Ok(new PasskeySignIn(passkey.OwnerId, passkey.Namespace, credentialId))
            : PasskeyResult<PasskeySignIn>.Refused(PasskeyErrors.CounterRegressed);
    }

    /// <summary>A passkey's label as typed, trimmed; null when empty; control characters refused (null).</summary>
    public static string? CleanName(string? name)
    {
        var trimmed = name?.Trim();
        if (string.IsNullOrEmpty(trimmed) || trimmed.Length > MaximumNameLength || trimmed.Any(char.IsControl))
        {
            return null;
        }
        return trimmed;
    }

    private Fido2 Fido() => new(relyingParty.Current().Configuration(Lifetime));

    private async Task<PasskeyStart> IssueAsync(PasskeyCeremony ceremony, string sessionHash, string? ownerId, string optionsJson, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await store.Passkeys.PruneChallengesAsync(now - PruneAfter, cancellationToken);
        var token = IdGenerator.Token(TokenPrefix);
        var expires = now + Lifetime;
        await store.Passkeys.AddChallengeAsync(new PasskeyChallenge
        {
            TokenHash = IdGenerator.HashToken(token),
            Ceremony = ceremony,
            SessionHash = sessionHash,
            OwnerId = ownerId,
            OptionsJson = optionsJson,
            CreatedAt = now,
            ExpiresAt = expires,
        }, cancellationToken);
        return new PasskeyStart(token, optionsJson, expires);
    }

    /// <summary>Finds the challenge of <paramref name="token"/> and uses it up; the refusal when it cannot be used.</summary>
    private async Task<(PasskeyChallenge? Challenge, DashboardError? Refused)> TakeChallengeAsync(
        string? token, PasskeyCeremony ceremony, string sessionHash, CancellationToken cancellationToken)
    {
        if (token is null || !token.StartsWith(TokenPrefix, StringComparison.Ordinal) || token.Length > 128)
        {
            return (null, PasskeyErrors.ChallengeInvalid);
        }
        var hash = IdGenerator.HashToken(token);
        var challenge = await store.Passkeys.FindChallengeAsync(hash, cancellationToken);
        if (challenge is null || challenge.Ceremony != ceremony || challenge.ConsumedAt is not null
            || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(challenge.SessionHash), Encoding.UTF8.GetBytes(sessionHash)))
        {
            return (null, PasskeyErrors.ChallengeInvalid);
        }
        var now = time.GetUtcNow();
        if (now >= challenge.ExpiresAt)
        {
            return (null, PasskeyErrors.ChallengeExpired);
        }
        return await store.Passkeys.ConsumeChallengeAsync(hash, now, cancellationToken)
            ? (challenge, null)
            : (null, PasskeyErrors.ChallengeInvalid);
    }

    /// <summary>
    /// The client data's type, challenge and origin (WebAuthn §7.1 steps 7–10, §7.2 steps 10–13). The origin must be
    /// exactly the configured one, and the ceremony must not have run in a cross-origin frame.
    /// </summary>
    private static DashboardError? CheckClientData(byte[] clientDataJson, string type, byte[] expectedChallenge, PasskeyRelyingParty rp)
    {
        try
        {
            using var document = JsonDocument.Parse(clientDataJson);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("type", out var actualType) || actualType.ValueKind != JsonValueKind.String
                || !string.Equals(actualType.GetString(), type, StringComparison.Ordinal))
            {
                return PasskeyErrors.Invalid;
            }
            if (!root.TryGetProperty("challenge", out var challenge) || challenge.ValueKind != JsonValueKind.String
                || !CryptographicOperations.FixedTimeEquals(Base64Url.DecodeFromChars(challenge.GetString()), expectedChallenge))
            {
                return PasskeyErrors.ChallengeInvalid;
            }
            if (!root.TryGetProperty("origin", out var origin) || origin.ValueKind != JsonValueKind.String
                || !string.Equals(origin.GetString(), rp.Origin, StringComparison.Ordinal)
                || (root.TryGetProperty("crossOrigin", out var crossOrigin) && crossOrigin.ValueKind == JsonValueKind.True)
                || (root.TryGetProperty("topOrigin", out var topOrigin) && !string.Equals(topOrigin.GetString(), rp.Origin, StringComparison.Ordinal)))
            {
                return PasskeyErrors.OriginMismatch;
            }
            return null;
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
        {
            return PasskeyErrors.Invalid;
        }
    }

    private static T? Parse<T>(string? json)
        where T : class
    {
        if (string.IsNullOrEmpty(json) || json.Length > 64 * 1024)
        {
            return null;
        }
        try
        {
            return JsonSerializer.Deserialize<T>(json);
        }
        catch (Exception e) when (e is JsonException or FormatException or NotSupportedException or ArgumentException)
        {
            return null;
        }
    }

    private static bool IsVerificationFailure(Exception e) =>
        e is Fido2VerificationException or FormatException or ArgumentException or InvalidOperationException
            or System.Formats.Cbor.CborContentException or JsonException or CryptographicException;

    private static DashboardError Map(Exception e) => e is Fido2VerificationException verification
        ? verification.Code switch
        {
            Fido2ErrorCode.InvalidRpidHash => PasskeyErrors.RpIdMismatch,
            Fido2ErrorCode.InvalidSignCount => PasskeyErrors.CounterRegressed,
            Fido2ErrorCode.NonUniqueCredentialId => PasskeyErrors.AlreadyRegistered,
            Fido2ErrorCode.InvalidAuthenticatorResponseChallenge => PasskeyErrors.ChallengeInvalid,
            _ => PasskeyErrors.Invalid,
        }
        : PasskeyErrors.Invalid;

    private static string TransportName(AuthenticatorTransport transport) => transport switch
    {
        AuthenticatorTransport.Usb => "usb",
        AuthenticatorTransport.Nfc => "nfc",
        AuthenticatorTransport.Ble => "ble",
        AuthenticatorTransport.Internal => "internal",
        AuthenticatorTransport.Hybrid => "hybrid",
        _ => "other",
    };
}
