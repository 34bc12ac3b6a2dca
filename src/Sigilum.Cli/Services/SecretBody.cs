using System.Text.Json;

namespace Sigilum.Cli.Services;

/// <summary>
/// A JSON request body holding secret values, written straight from their bytes (never through a string) into a
/// buffer that <see cref="Dispose"/> zeroes. Sized up front so it is not copied while growing; best effort, as the JSON
/// writer and the HTTP stack keep short-lived copies of their own.
/// </summary>
internal sealed class SecretBody : IDisposable
{
    private readonly MemoryStream _stream;

    private SecretBody(MemoryStream stream, byte[] bytes)
    {
        _stream = stream;
        Bytes = bytes;
    }

    public byte[] Bytes { get; }

    /// <summary>Writes the object members with <paramref name="write"/>; <paramref name="secretBytes"/> sizes the buffer.</summary>
    public static SecretBody Create(int secretBytes, Action<Utf8JsonWriter> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        // JSON escaping may grow a value up to 6x (\uXXXX); the rest of the body is small.
        var stream = new MemoryStream(8192 + (secretBytes * 6));
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }
        var bytes = new byte[stream.Length];
        Array.Copy(stream.GetBuffer(), bytes, bytes.Length);
        return new SecretBody(stream, bytes);
    }

    public static void WriteSecrets(Utf8JsonWriter writer, string name, IEnumerable<SecretValue> secrets)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(secrets);
        writer.WriteStartObject(name);
        foreach (var secret in secrets)
        {
            writer.WriteString(secret.Key, secret.Value);
        }
        writer.WriteEndObject();
    }

    public void Dispose()
    {
        Array.Clear(_stream.GetBuffer());
        _stream.Dispose();
        Array.Clear(Bytes);
    }
}
