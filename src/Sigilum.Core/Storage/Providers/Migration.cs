using System.Reflection;
using System.Security.Cryptography;
using System.Text;

namespace Sigilum.Core.Storage.Providers;

/// <summary>One numbered SQL script (<c>NNNN_name.sql</c>) embedded in a provider's assembly.</summary>
internal sealed record Migration(int Version, string Name, string Sql)
{
    /// <summary>SHA-256 of the script, recorded when applied so an edited script is detected at start.</summary>
    public string Checksum { get; } = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Sql)));

    /// <summary>
    /// The scripts embedded in <paramref name="assembly"/> under <paramref name="prefix"/> (the provider's
    /// resource LogicalName prefix, ending in a dot), in version order.
    /// </summary>
    public static IReadOnlyList<Migration> LoadEmbedded(Assembly assembly, string prefix)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        var migrations = new List<Migration>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal)))
        {
            var file = resource[prefix.Length..^".sql".Length];
            var separator = file.IndexOf('_', StringComparison.Ordinal);
            if (separator <= 0 || !int.TryParse(file.AsSpan(0, separator), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var version))
            {
                throw new InvalidOperationException($"Migration resource '{resource}' is not named NNNN_name.sql.");
            }
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream, Encoding.UTF8);
            // Line endings normalised so a Windows checkout computes the same checksum.
            migrations.Add(new Migration(version, file[(separator + 1)..], reader.ReadToEnd().Replace("\r\n", "\n", StringComparison.Ordinal)));
        }
        migrations.Sort((a, b) => a.Version.CompareTo(b.Version));
        for (var i = 0; i < migrations.Count; i++)
        {
            if (migrations[i].Version != i + 1)
            {
                throw new InvalidOperationException($"Migrations must be numbered 1, 2, 3 … without gaps; found {migrations[i].Version} at position {i + 1}.");
            }
        }
        return migrations;
    }

    /// <summary>
    /// Refuses a database that records a migration this build does not know, or whose recorded checksum
    /// differs from this build's script (reliability STO-11), rather than using or "repairing" it.
    /// </summary>
    /// <param name="known">This build's scripts, as <see cref="LoadEmbedded"/> returns them.</param>
    /// <param name="applied">Version → checksum, as read from <c>schema_migrations</c>.</param>
    public static void VerifyApplied(IReadOnlyList<Migration> known, IReadOnlyDictionary<int, string> applied)
    {
        ArgumentNullException.ThrowIfNull(known);
        ArgumentNullException.ThrowIfNull(applied);
        foreach (var (version, checksum) in applied)
        {
            if (version > known.Count)
            {
                throw new InvalidOperationException(
                    $"The database has schema version {version}, newer than this build knows ({known.Count}); refusing to start.");
            }
            if (!string.Equals(known[version - 1].Checksum, checksum, StringComparison.Ordinal))
            {
                throw new InvalidOperationException(
                    $"Migration {version} recorded in the database differs from this build's script; refusing to start.");
            }
        }
    }
}
