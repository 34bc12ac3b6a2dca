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
    private readonly HelpExamples _examples;

    public ExamplesHelpAction(HelpAction inner, HelpExamples examples)
    {
        _inner = inner;
        _examples = examples;
    }

    public override bool ClearsParseErrors => true;

    public override int Invoke(ParseResult parseResult)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        var exitCode = _inner.Invoke(parseResult);
        var command = parseResult.CommandResult.Command;
        var output = parseResult.InvocationConfiguration.Output;
        if (_examples.DetailsFor(command) is { } details)
        {
            output.WriteLine("Details:");
            foreach (var line in Wrap(details, 100))
            {
                output.WriteLine("  " + line);
            }
            output.WriteLine();
        }
        var examples = _examples.For(command);
        if (examples.Count > 0)
        {
            output.WriteLine("Examples:");
            foreach (var line in examples)
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
