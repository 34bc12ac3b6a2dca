using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace Sigilum.CommandLine;

/// <summary>
/// The standard help followed by "Details:" and "Examples:" sections (System.CommandLine 2.0 has no public hook for
/// extra help sections, so the help option's action is wrapped).
/// </summary>
public sealed class ExamplesHelpAction : SynchronousCommandLineAction
{
    private readonly HelpAction _inner;
    private readonly IReadOnlyDictionary<Command, CommandManual> _manuals;

    public ExamplesHelpAction(HelpAction inner, IReadOnlyDictionary<Command, CommandManual> manuals)
    {
        _inner = inner;
        _manuals = manuals;
    }

    public override bool ClearsParseErrors => true;

    public override int Invoke(ParseResult parseResult)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        var exitCode = _inner.Invoke(parseResult);
        var output = parseResult.InvocationConfiguration.Output;
        if (!_manuals.TryGetValue(parseResult.CommandResult.Command, out var manual))
        {
            return exitCode;
        }
        if (manual.Details is { } details)
        {
            output.WriteLine("Details:");
            foreach (var line in Wrap(details, 100))
            {
                output.WriteLine("  " + line);
            }
            output.WriteLine();
        }
        if (manual.Examples.Count > 0)
        {
            output.WriteLine("Examples:");
            foreach (var line in manual.Examples)
            {
                output.WriteLine("  " + line);
            }
            output.WriteLine();
        }
        return exitCode;
    }

    private static IEnumerable<string> Wrap(string text, int width)
    {
        foreach (var paragraph in text.Split('\n'))
        {
            var line = string.Empty;
            foreach (var word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                if (line.Length > 0 && line.Length + 1 + word.Length > width)
                {
                    yield return line;
                    line = word;
                }
                else
                {
                    line = line.Length == 0 ? word : line + " " + word;
                }
            }
            yield return line;
        }
    }
}
