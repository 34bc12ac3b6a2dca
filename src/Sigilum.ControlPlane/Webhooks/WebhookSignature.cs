using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Sigilum.ControlPlane.Webhooks;

/// <summary>
/// The webhook signature: <c>X-Sigilum-Signature: v1=&lt;hex HMAC-SHA256(secret, "&lt;timestamp&gt;.&lt;raw body&gt;")&gt;</c>
/// with <c>X-Sigilum-Timestamp</c> in unix seconds. Signing the timestamp with the body fixes the
/// reference's replayable <c>sha256=</c> scheme (spec §4.7): a receiver that checks the timestamp against
/// its clock refuses a captured delivery sent again later. Receivers can use <see cref="Verify(string, string?, string, string?, DateTimeOffset, TimeSpan)"/>.
/// </summary>
public static class WebhookSignature
{
    /// <summary>The scheme prefix in the signature header.</summary>
    public const string Scheme = "v1";

    /// <summary>The tolerance we recommend to receivers.</summary>
    public static readonly TimeSpan DefaultTolerance = TimeSpan.FromMinutes(5);

    /// <summary><c>v1=</c> + lower-case hex of HMAC-SHA256(<paramref name="secret"/>, "<paramref name="timestamp"/>." + <paramref name="body"/>).</summary>
    public static string Compute(ReadOnlySpan<byte> secret, long timestamp, ReadOnlySpan<byte> body)
    {
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        Mac(secret, timestamp, body, mac);
        return Scheme + "=" + Convert.ToHexStringLower(mac);
    }

    /// <summary>
    /// Checks a delivery as a receiver should: the timestamp is within <paramref name="tolerance"/> of
    /// <paramref name="now"/>, and one of the <c>v1=</c> values in <paramref name="header"/> (comma-separated)
    /// is the HMAC of "timestamp.body" under <paramref name="secret"/>, compared in constant time.
    /// </summary>
    /// <param name="secret">The webhook secret shown when the webhook was created.</param>
    /// <param name="timestamp">The <c>X-Sigilum-Timestamp</c> header.</param>
    /// <param name="body">The raw request body exactly as received (before any JSON parsing).</param>
    /// <param name="header">The <c>X-Sigilum-Signature</c> header.</param>
    /// <param name="now">The receiver's clock.</param>
    /// <param name="tolerance">How far the timestamp may be from <paramref name="now"/>; 5 minutes is recommended.</param>
    public static bool Verify(string secret, string? timestamp, string body, string? header, DateTimeOffset now, TimeSpan tolerance)
    {
        ArgumentNullException.ThrowIfNull(body);
        return Verify(secret, timestamp, Encoding.UTF8.GetBytes(body), header, now, tolerance);
    }

    /// <summary>As <see cref="Verify(string, string?, string, string?, DateTimeOffset, TimeSpan)"/>, with the body as received bytes.</summary>
    public static bool Verify(string secret, string? timestamp, ReadOnlySpan<byte> body, string? header, DateTimeOffset now, TimeSpan tolerance)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        if (header is null || timestamp is null || timestamp.Length is 0 or > 12 || !timestamp.All(char.IsAsciiDigit) ||
            !long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) ||
            seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            return false;
        }
        if ((now - DateTimeOffset.FromUnixTimeSeconds(seconds)).Duration() > tolerance)
        {
            return false;
        }
        var key = Encoding.UTF8.GetBytes(secret);
        Span<byte> expected = stackalloc byte[HMACSHA256.HashSizeInBytes];
        Span<byte> presented = stackalloc byte[HMACSHA256.HashSizeInBytes];
        try
        {
            Mac(key, seconds, body, expected);
            var matched = false;
            foreach (var part in header.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                // Several values let a sender roll a secret without a gap; unknown schemes are skipped.
                if (part.StartsWith(Scheme + "=", StringComparison.Ordinal) &&
                    Convert.FromHexString(part.AsSpan(Scheme.Length + 1), presented, out _, out var written) == System.Buffers.OperationStatus.Done &&
                    written == presented.Length)
                {
                    matched |= CryptographicOperations.FixedTimeEquals(expected, presented);
                }
            }
            return matched;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    private static void Mac(ReadOnlySpan<byte> secret, long timestamp, ReadOnlySpan<byte> body, Span<byte> destination)
    {
        var prefix = Encoding.ASCII.GetBytes(timestamp.ToString(CultureInfo.InvariantCulture) + ".");
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, secret);
        hmac.AppendData(prefix);
        hmac.AppendData(body);
        hmac.GetHashAndReset(destination);
    }
}
