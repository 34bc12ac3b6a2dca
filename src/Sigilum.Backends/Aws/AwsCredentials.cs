using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;

namespace Sigilum.Backends.Aws;

/// <summary>
/// AWS credentials: long-term keys, or temporary ones from STS (with <see cref="SessionToken"/> and
/// <see cref="Expiration"/>). <see cref="ToString"/> names the key id only.
/// </summary>
public sealed record AwsCredentials(string AccessKeyId, string SecretAccessKey, string? SessionToken = null, DateTimeOffset? Expiration = null)
{
    /// <summary>The JSON an <c>aws-sts</c> credential carries: the fields of STS's <c>Credentials</c> element.</summary>
    public static AwsCredentials? FromCredential(Credential credential)
    {
        ArgumentNullException.ThrowIfNull(credential);
        try
        {
            var reader = new Utf8JsonReader(credential.Value);
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            var expiration = root.TryGetProperty(nameof(Expiration), out var e) && e.ValueKind == JsonValueKind.String
                ? DateTimeOffset.Parse(e.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal)
                : (DateTimeOffset?)null;
            return new AwsCredentials(
                root.GetProperty(nameof(AccessKeyId)).GetString()!,
                root.GetProperty(nameof(SecretAccessKey)).GetString()!,
                root.TryGetProperty(nameof(SessionToken), out var t) ? t.GetString() : null,
                expiration);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }

    /// <summary>The credential bytes for <see cref="FromCredential"/> (pinned; the caller zeroes them).</summary>
    internal byte[] ToPinnedJson()
    {
        using var buffer = new PinnedBufferWriter();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString(nameof(AccessKeyId), AccessKeyId);
            writer.WriteString(nameof(SecretAccessKey), SecretAccessKey);
            if (SessionToken is not null)
            {
                writer.WriteString(nameof(SessionToken), SessionToken);
            }
            if (Expiration is { } expiration)
            {
                writer.WriteString(nameof(Expiration), expiration.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            }
            writer.WriteEndObject();
        }
        return buffer.ToPinnedArray();
    }

    public override string ToString() => $"AwsCredentials {{ AccessKeyId = {AccessKeyId}, Temporary = {SessionToken is not null} }}";

    /// <summary>An <see cref="System.Buffers.IBufferWriter{T}"/> over pinned arrays that are zeroed when replaced or disposed.</summary>
    private sealed class PinnedBufferWriter : System.Buffers.IBufferWriter<byte>, IDisposable
    {
        private byte[] _buffer = GC.AllocateArray<byte>(512, pinned: true);
        private int _written;

        public void Advance(int count) => _written += count;

        public Memory<byte> GetMemory(int sizeHint = 0)
        {
            Grow(sizeHint);
            return _buffer.AsMemory(_written);
        }

        public Span<byte> GetSpan(int sizeHint = 0)
        {
            Grow(sizeHint);
            return _buffer.AsSpan(_written);
        }

        public byte[] ToPinnedArray()
        {
            var result = GC.AllocateArray<byte>(_written, pinned: true);
            _buffer.AsSpan(0, _written).CopyTo(result);
            return result;
        }

        public void Dispose() => CryptographicOperations.ZeroMemory(_buffer);

        private void Grow(int sizeHint)
        {
            if (_buffer.Length - _written >= Math.Max(sizeHint, 1))
            {
                return;
            }
            var bigger = GC.AllocateArray<byte>(Math.Max(_buffer.Length * 2, _written + sizeHint), pinned: true);
            _buffer.AsSpan(0, _written).CopyTo(bigger);
            CryptographicOperations.ZeroMemory(_buffer);
            _buffer = bigger;
        }
    }
}
