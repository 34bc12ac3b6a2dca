using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Sigilum.Gateway.Operations;

/// <summary>
/// A small, strict reader of the Prometheus text format 0.0.4, written independently of the code under
/// test: every line must be HELP, TYPE or a sample of a declared family, label values must be properly
/// escaped, and every value must be a number. Throws <see cref="FormatException"/> otherwise.
/// </summary>
internal static partial class PrometheusParser
{
    public sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);

    public sealed record Exposition(IReadOnlyDictionary<string, string> Types, IReadOnlyDictionary<string, string> Help, IReadOnlyList<Sample> Samples)
    {
        public double? Value(string name, params (string Name, string Value)[] labels) =>
            Samples.FirstOrDefault(s => s.Name == name && s.Labels.Count == labels.Length && labels.All(l => s.Labels.TryGetValue(l.Name, out var v) && v == l.Value))?.Value;
    }

    public static Exposition Parse(string text)
    {
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        var help = new Dictionary<string, string>(StringComparer.Ordinal);
        var samples = new List<Sample>();
        if (!text.EndsWith('\n'))
        {
            throw new FormatException("exposition must end with a line feed");
        }
        foreach (var line in text[..^1].Split('\n'))
        {
            if (line.StartsWith("# HELP ", StringComparison.Ordinal))
            {
                var rest = line["# HELP ".Length..];
                var space = rest.IndexOf(' ', StringComparison.Ordinal);
                var name = space < 0 ? rest : rest[..space];
                RequireName(name);
                if (!help.TryAdd(name, space < 0 ? string.Empty : rest[(space + 1)..]))
                {
                    throw new FormatException("duplicate HELP for " + name);
                }
            }
            else if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var parts = line["# TYPE ".Length..].Split(' ');
                if (parts.Length != 2 || parts[1] is not ("counter" or "gauge" or "summary" or "histogram" or "untyped"))
                {
                    throw new FormatException("bad TYPE line: " + line);
                }
                RequireName(parts[0]);
                if (samples.Any(s => Family(s.Name, types) == parts[0]) || !types.TryAdd(parts[0], parts[1]))
                {
                    throw new FormatException("TYPE must come once and before the samples: " + line);
                }
            }
            else if (line.StartsWith('#') || line.Length == 0)
            {
                throw new FormatException("unexpected line: " + line);
            }
            else
            {
                var sample = ParseSample(line);
                if (Family(sample.Name, types) is null)
                {
                    throw new FormatException("sample without a TYPE: " + line);
                }
                samples.Add(sample);
            }
        }
        return new Exposition(types, help, samples);
    }

    private static string? Family(string sampleName, Dictionary<string, string> types)
    {
        if (types.ContainsKey(sampleName))
        {
            return sampleName;
        }
        foreach (var suffix in new[] { "_sum", "_count" })
        {
            if (sampleName.EndsWith(suffix, StringComparison.Ordinal) && types.TryGetValue(sampleName[..^suffix.Length], out var type) && type is "summary" or "histogram")
            {
                return sampleName[..^suffix.Length];
            }
        }
        return null;
    }

    private static Sample ParseSample(string line)
    {
        var nameEnd = 0;
        while (nameEnd < line.Length && line[nameEnd] is not ('{' or ' '))
        {
            nameEnd++;
        }
        var name = line[..nameEnd];
        RequireName(name);
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        var i = nameEnd;
        if (i < line.Length && line[i] == '{')
        {
            i++;
            while (line[i] != '}')
            {
                var eq = line.IndexOf('=', i);
                var labelName = line[i..eq];
                if (!LabelName().IsMatch(labelName))
                {
                    throw new FormatException("bad label name: " + labelName);
                }
                if (line[eq + 1] != '"')
                {
                    throw new FormatException("label value must be quoted: " + line);
                }
                var value = new StringBuilder();
                var j = eq + 2;
                for (; line[j] != '"'; j++)
                {
                    if (line[j] == '\\')
                    {
                        j++;
                        value.Append(line[j] switch
                        {
                            '\\' => '\\',
                            '"' => '"',
                            'n' => '\n',
                            _ => throw new FormatException("bad escape in " + line),
                        });
                    }
                    else
                    {
                        value.Append(line[j]);
                    }
                }
                if (!labels.TryAdd(labelName, value.ToString()))
                {
                    throw new FormatException("duplicate label " + labelName);
                }
                i = j + 1;
                if (line[i] == ',')
                {
                    i++;
                }
            }
            i++;
        }
        if (i >= line.Length || line[i] != ' ')
        {
            throw new FormatException("missing value: " + line);
        }
        var number = line[(i + 1)..];
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed))
        {
            throw new FormatException("bad value: " + line);
        }
        return new Sample(name, labels, parsed);
    }

    private static void RequireName(string name)
    {
        if (!MetricName().IsMatch(name))
        {
            throw new FormatException("bad metric name: " + name);
        }
    }

    [GeneratedRegex("^[a-zA-Z_:][a-zA-Z0-9_:]*$")]
    private static partial Regex MetricName();

    [GeneratedRegex("^[a-zA-Z_][a-zA-Z0-9_]*$")]
    private static partial Regex LabelName();
}
