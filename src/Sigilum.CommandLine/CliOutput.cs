using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Spectre.Console;

namespace Sigilum.CommandLine;

/// <summary>
/// The two ways a command answers: plain JSON for scripts (<c>--json</c>: no markup, no colour, one
/// document on stdout) or Spectre.Console for people. Errors always go to stderr as one line.
/// </summary>
public sealed class CliOutput
{
    // Relaxed escaping keeps '+' and '/' in base64 keys readable; the output is never embedded in HTML.
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private readonly Lazy<IAnsiConsole> _console;

    public CliOutput(TextWriter stdout, TextWriter stderr, ICommandLineEnvironment environment)
    {
        Out = stdout;
        Error = stderr;
        _console = new Lazy<IAnsiConsole>(() => CreateConsole(stdout, environment));
    }

    public TextWriter Out { get; }

    public TextWriter Error { get; }

    /// <summary>Spectre console over stdout; colour only on a terminal and when NO_COLOR is unset.</summary>
    public IAnsiConsole Console => _console.Value;

    public void WriteJson(JsonNode document) => Out.WriteLine(document.ToJsonString(JsonOptions));

    /// <summary>
    /// The one branch every command ends with: <paramref name="json"/>'s document when <c>--json</c> was given, else
    /// <paramref name="text"/> for people. Returns <see cref="ExitCodes.Ok"/> so an action can end with it.
    /// </summary>
    public int Report(bool asJson, Func<JsonNode> json, Action<CliOutput> text)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(text);
        if (asJson)
        {
            WriteJson(json());
        }
        else
        {
            text(this);
        }
        return ExitCodes.Ok;
    }

    public void WriteError(string message) => Error.WriteLine("error: " + OneLine(message));

    public void WriteWarning(string message) => Error.WriteLine("warning: " + OneLine(message));

    private static string OneLine(string message) => message.ReplaceLineEndings(" ");

    private static IAnsiConsole CreateConsole(TextWriter stdout, ICommandLineEnvironment environment)
    {
        var colour = environment.OutputIsTerminal && string.IsNullOrEmpty(environment.GetVariable("NO_COLOR"));
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(stdout),
            Ansi = colour ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = colour ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        if (!environment.OutputIsTerminal)
        {
            // Redirected output has no width; do not wrap key ids and paths at 80 columns.
            console.Profile.Width = 240;
        }
        return console;
    }
}
