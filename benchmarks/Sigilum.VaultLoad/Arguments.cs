using System.Globalization;

namespace Sigilum.VaultLoad;

/// <summary><c>--name value</c> pairs; a name given more than once keeps every value (<see cref="All"/>), the last wins for <see cref="Get"/>.</summary>
internal sealed class Arguments
{
    private readonly Dictionary<string, List<string>> _values = new(StringComparer.Ordinal);

    public static Arguments Parse(string[] args)
    {
        var parsed = new Arguments();
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                throw new ArgumentException("Expected --name value pairs, got " + args[i]);
            }
            var name = args[i][2..];
            if (!parsed._values.TryGetValue(name, out var values))
            {
                parsed._values[name] = values = [];
            }
            values.Add(args[i + 1]);
        }
        return parsed;
    }

    public string? Get(string name) => _values.TryGetValue(name, out var values) ? values[^1] : null;

    public IReadOnlyList<string> All(string name) => _values.TryGetValue(name, out var values) ? values : [];

    public string Required(string name) => Get(name) ?? throw new ArgumentException("--" + name + " is required");

    public int Int(string name, int fallback) => Get(name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;
}
