using System.Security.Cryptography;
using System.Text;
using Sigilum.ControlPlane.Secrets;
using Sigilum.Core.Secrets;
using Sigilum.Core.Webhooks;
using Sigilum.Protocol.Encoding;

namespace Sigilum.ControlPlane.Webhooks;

/// <summary>
/// Webhook HMAC secrets: generated from the CSPRNG, sealed at rest with the <c>webhooks</c> sealer and
/// bound to the webhook's id, so a sealed secret copied onto another webhook row fails to open. Callers
/// zero what <see cref="Open"/> returns.
/// </summary>
internal sealed class WebhookSecrets(MasterKeyHolder keys) : IDisposable
{
    public const int MinLength = 16;
    public const int MaxLength = 256;
    private const string AssociatedDataVersion = "v1";
    private readonly SecretSealer _sealer = keys.CreateSealer("webhooks");

    // AesGcm keeps native cipher state per instance and is not documented as thread-safe; deliveries run in parallel.
    private readonly Lock _gate = new();

    /// <summary><c>whsec_</c> + 256 random bits, base64url.</summary>
    public static string Generate() => "whsec_" + Base64Url.Encode(RandomNumberGenerator.GetBytes(32));

    public byte[] Seal(string webhookId, string secret)
    {
        var bytes = Encoding.UTF8.GetBytes(secret);
        try
        {
            lock (_gate)
            {
                return _sealer.Seal(bytes, AssociatedData(webhookId));
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    /// <summary>The secret's UTF-8 bytes, or null when the sealed value does not open (tampered, other key or row).</summary>
    public byte[]? Open(WebhookRecord webhook)
    {
        ArgumentNullException.ThrowIfNull(webhook);
        lock (_gate)
        {
            return _sealer.Open(webhook.SealedSecret, AssociatedData(webhook.Id));
        }
    }

    public void Dispose() => _sealer.Dispose();

    private static string AssociatedData(string webhookId) => "webhook:" + webhookId + ":" + AssociatedDataVersion;
}
