using System.Text;

namespace Sigilum.AspNetCore.Metrics;

/// <summary>Prometheus text exposition format 0.0.4: line syntax and escaping.</summary>
public static class PrometheusText
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public static void WriteHeader(StringBuilder output, string name, string type, string help)
    {
        output.Append("# HELP ").Append(name).Append(' ');
        // HELP text escapes only backslash and line feed.
        foreach (var c in help)
        {
            _ = c switch
            {
                '\\' => output.Append(@"\\"),
                '\n' => output.Append(@"\n"),
                _ => output.Append(c),
            };
        }
        output.Append('\n').Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
    }

    public static void WriteSample(StringBuilder output, string name, string labels, string value) =>
        output.Append(name).Append(labels).Append(' ').Append(value).Append('\n');

    /// <summary>Appends <c>name="value"</c>; the value escapes backslash, double quote and line feed.</summary>
    public static void AppendLabel(StringBuilder output, string name, string value)
    {
        output.Append(name).Append("=\"");
        foreach (var c in value)
        {
            _ = c switch
            {
                '\\' => output.Append(@"\\"),
                '"' => output.Append("\\\""),
                '\n' => output.Append(@"\n"),
                _ => output.Append(c),
            };
        }
        output.Append('"');
    }
}
