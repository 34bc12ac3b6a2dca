using System.Collections.Frozen;
using System.Reflection;

namespace Sigilum.Protocol.Errors;

public static partial class ErrorCatalogue
{
    // Read once from the constants' attributes, so a code is written exactly once (its constant) and its status and
    // title sit on the same line; the reflection runs on first use, not per error.
    private static readonly Lazy<FrozenDictionary<string, ErrorEntry>> Entries = new(Load);

    /// <summary>Every entry, ordered by code.</summary>
    public static IReadOnlyList<ErrorEntry> All => [.. Entries.Value.Values.OrderBy(e => e.Code, StringComparer.Ordinal)];

    /// <summary>The entry of a catalogued <paramref name="code"/>; pass a constant of this class.</summary>
    /// <exception cref="KeyNotFoundException">The code is not catalogued (a bug the architecture tests catch).</exception>
    public static ErrorEntry Entry(string code) =>
        Entries.Value.TryGetValue(code, out var entry) ? entry : throw new KeyNotFoundException($"{code} is not in the error catalogue.");

    /// <summary>The entry of <paramref name="code"/>, or null when it is not catalogued (codes that arrive from elsewhere).</summary>
    public static ErrorEntry? Find(string? code) => code is not null && Entries.Value.TryGetValue(code, out var entry) ? entry : null;

    private static FrozenDictionary<string, ErrorEntry> Load()
    {
        var entries = new Dictionary<string, ErrorEntry>(StringComparer.Ordinal);
        foreach (var field in typeof(ErrorCatalogue).GetFields(BindingFlags.Public | BindingFlags.Static))
        {
            if (field is { IsLiteral: true } && field.FieldType == typeof(string)
                && field.GetCustomAttribute<ErrorAttribute>() is { } error && field.GetRawConstantValue() is string code)
            {
                entries.Add(code, new ErrorEntry(code, error.Kind, error.Status, error.Title));
            }
        }
        return entries.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
