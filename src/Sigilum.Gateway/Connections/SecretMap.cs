using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;

namespace Sigilum.Gateway.Connections;

/// <summary>
/// A connection's secrets, name → value bytes, ordered by name. Values are never strings; the map owns
/// them and zeroes every value on <see cref="Dispose"/> (and any value it replaces or removes). Serialised as
/// the JSON object that is sealed per version (spec §3.7).
/// </summary>
internal sealed class SecretMap : IDisposable
{
    private readonly SortedDictionary<string, byte[]> _values = new(StringComparer.Ordinal);

    public int Count => _values.Count;

    public IEnumerable<string> Keys => _values.Keys;

    public IEnumerable<KeyValuePair<string, byte[]>> Entries => _values;

    public bool TryGet(string key, out byte[] value) => _values.TryGetValue(key, out value!);

    public bool ContainsKey(string key) => _values.ContainsKey(key);

    /// <summary>Takes ownership of <paramref name="value"/>; a replaced value is zeroed.</summary>
    public void Set(string key, byte[] value)
    {
        if (_values.TryGetValue(key, out var old) && !ReferenceEquals(old, value))
        {
            CryptographicOperations.ZeroMemory(old);
        }
        _values[key] = value;
    }

    public void Remove(string key)
    {
        if (_values.Remove(key, out var old))
        {
            CryptographicOperations.ZeroMemory(old);
        }
    }

    /// <summary>An independent copy (values copied, so each map zeroes its own).</summary>
    public SecretMap Clone()
    {
        var copy = new SecretMap();
        foreach (var (key, value) in _values)
        {
            copy._values[key] = (byte[])value.Clone();
        }
        return copy;
    }

    /// <summary>The map as compact JSON in an exactly sized buffer the caller zeroes.</summary>
    public byte[] ToJson()
    {
        // Sized up front for the worst escaping (6 bytes per input byte) so the writer never regrows and
        // leaves unzeroed copies behind; the working buffer is zeroed before it is dropped.
        var capacity = 16 + _values.Sum(e => (6 * (e.Key.Length + e.Value.Length)) + 8);
        var buffer = new ArrayBufferWriter<byte>(capacity);
        try
        {
            using (var writer = new Utf8JsonWriter(buffer))
            {
                writer.WriteStartObject();
                foreach (var (key, value) in _values)
                {
                    writer.WriteString(key, value);
                }
                writer.WriteEndObject();
            }
            return buffer.WrittenSpan.ToArray();
        }
        finally
        {
            buffer.Clear();
        }
    }

    /// <summary>Parses a sealed map's plaintext; null when it is not a JSON object of strings.</summary>
    public static SecretMap? FromJson(ReadOnlySpan<byte> json)
    {
        var map = new SecretMap();
        try
        {
            var reader = new Utf8JsonReader(json);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                map.Dispose();
                return null;
            }
            ReadObject(ref reader, map);
            return map;
        }
        catch (JsonException)
        {
            map.Dispose();
            return null;
        }
    }

    /// <summary>Reads the properties of an object whose start token is current, into <paramref name="map"/>.</summary>
    public static void ReadObject(ref Utf8JsonReader reader, SecretMap map)
    {
        ArgumentNullException.ThrowIfNull(map);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            if (reader.TokenType != JsonTokenType.PropertyName)
            {
                throw new JsonException("Expected a property name.");
            }
            var key = reader.GetString()!;
            reader.Read();
            if (reader.TokenType == JsonTokenType.Null)
            {
                continue;
            }
            map.Set(key, SecretBytes.ReadString(ref reader));
        }
    }

    public void Dispose()
    {
        foreach (var value in _values.Values)
        {
            CryptographicOperations.ZeroMemory(value);
        }
        _values.Clear();
    }
}
