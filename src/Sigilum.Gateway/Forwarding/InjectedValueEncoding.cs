using System.Text;

namespace Sigilum.Gateway.Forwarding;

/// <summary>
/// Writes an injected header value straight from its byte buffer (reliability MEM-02). HttpRequestMessage
/// only holds strings, so the request carries a same-length <see cref="Placeholder"/> of asterisks instead
/// of the secret; SocketsHttpHandler asks <see cref="SocketsHttpHandler.RequestHeaderEncodingSelector"/> for
/// the encoding of each header, gets this one for injected names, and this encoding writes the secret bytes
/// into the connection's buffer (HTTP/1.1) or HPACK block (HTTP/2) when it is handed the placeholder. No
/// <c>string</c> holding the secret is ever made; the buffer is zeroed by the forwarder when the request ends.
/// </summary>
internal sealed class InjectedValueEncoding : Encoding
{
    /// <summary>Where the forwarder puts a request's encodings, by header name, for the selector to find.</summary>
    public static readonly HttpRequestOptionsKey<IReadOnlyDictionary<string, Encoding>> OptionKey = new("Sigilum.InjectedValues");

    private readonly byte[] _value;

    public InjectedValueEncoding(byte[] value)
    {
        ArgumentNullException.ThrowIfNull(value);
        _value = value;
        Placeholder = new string('*', value.Length);
    }

    /// <summary>What the request message holds in place of the value (and what logs of it would show).</summary>
    public string Placeholder { get; }

    /// <summary>The selector the forwarder's handler uses: this request's encoding for an injected name, else the default.</summary>
    public static Encoding? Select(string name, HttpRequestMessage request) =>
        request.Options.TryGetValue(OptionKey, out var encodings) && encodings.TryGetValue(name, out var encoding) ? encoding : null;

    public override int GetByteCount(char[] chars, int index, int count) => Count(chars.AsSpan(index, count));

    public override int GetByteCount(ReadOnlySpan<char> chars) => Count(chars);

    public override int GetByteCount(string s) => Count(s);

    public override int GetBytes(char[] chars, int charIndex, int charCount, byte[] bytes, int byteIndex) =>
        Write(chars.AsSpan(charIndex, charCount), bytes.AsSpan(byteIndex));

    public override int GetBytes(string s, int charIndex, int charCount, byte[] bytes, int byteIndex) =>
        Write(s.AsSpan(charIndex, charCount), bytes.AsSpan(byteIndex));

    public override int GetBytes(ReadOnlySpan<char> chars, Span<byte> bytes) => Write(chars, bytes);

    public override int GetMaxByteCount(int charCount) => Math.Max(charCount, _value.Length);

    // Decoding never happens on the request side; refusing it keeps the secret from ever becoming chars.
    public override int GetCharCount(byte[] bytes, int index, int count) => throw new NotSupportedException("An injected value is never decoded.");

    public override int GetChars(byte[] bytes, int byteIndex, int byteCount, char[] chars, int charIndex) =>
        throw new NotSupportedException("An injected value is never decoded.");

    public override int GetMaxCharCount(int byteCount) => byteCount;

    private bool IsPlaceholder(ReadOnlySpan<char> chars) => chars.SequenceEqual(Placeholder);

    private int Count(ReadOnlySpan<char> chars) => IsPlaceholder(chars) ? _value.Length : Latin1.GetByteCount(chars);

    private int Write(ReadOnlySpan<char> chars, Span<byte> bytes)
    {
        if (IsPlaceholder(chars))
        {
            _value.CopyTo(bytes);
            return _value.Length;
        }
        // Anything else (never expected: injected names are stripped from the agent's headers) goes out as Latin-1, the handler's default.
        return Latin1.GetBytes(chars, bytes);
    }
}
