using System.Collections.Frozen;
using System.Text.Json;

namespace Sigilum.Core.Storage.Providers;

/// <summary>
/// Enum values as stored: the member's name in lower snake_case (<c>ClaimStatus.Pending</c> → <c>pending</c>,
/// <c>OwnerSessionKind.CliToken</c> → <c>cli_token</c>, the reference schema's spellings). Renaming a member would change
/// what is stored, so <c>EnumTextTests</c> pins every stored spelling. An unknown value read back means a corrupt or newer
/// database and throws; it is never mapped to a default.
/// </summary>
internal static class EnumText
{
    public static string Of<T>(T value)
        where T : struct, Enum =>
        Spellings<T>.Text.TryGetValue(value, out var text) ? text : throw new ArgumentOutOfRangeException(nameof(value), value, null);

    public static T Parse<T>(string text)
        where T : struct, Enum =>
        Spellings<T>.Values.TryGetValue(text, out var value) ? value : throw new InvalidDataException($"Unknown {typeof(T).Name} '{text}' in the database.");

    // One table per enum type, built once: the generic static class is the cache.
    private static class Spellings<T>
        where T : struct, Enum
    {
        public static readonly FrozenDictionary<T, string> Text =
            Enum.GetValues<T>().ToFrozenDictionary(v => v, v => JsonNamingPolicy.SnakeCaseLower.ConvertName(v.ToString()));

        public static readonly FrozenDictionary<string, T> Values = Text.ToFrozenDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);
    }
}
