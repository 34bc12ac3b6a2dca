using System.Text;
using Spectre.Console;

namespace Sigilum.Cli.OpenClaw;

/// <summary>
/// Asks for a value install cannot find (<c>--interactive</c>): a Spectre.Console prompt on a terminal, else one line read
/// from standard input (so a script can answer, and tests can). Questions go to stderr: stdout stays the plan.
/// </summary>
internal sealed class OpenClawPrompt(CliContext context) : IDisposable
{
    private const int MaxAnswerBytes = 4096;

    // Opened once: later questions read the lines after the earlier answers.
    private Stream? _input;

    public string Ask(string question, string? defaultValue)
    {
        if (context.Environment.OutputIsTerminal)
        {
            var console = AnsiConsole.Create(new AnsiConsoleSettings
            {
                Out = new AnsiConsoleOutput(context.Output.Error),
                Interactive = InteractionSupport.Yes,
            });
            var prompt = new TextPrompt<string>(Markup.Escape(question));
            if (defaultValue is not null)
            {
                prompt.DefaultValue(defaultValue);
            }
            return console.Prompt(prompt).Trim();
        }
        context.Output.Error.Write(defaultValue is null ? question + " " : $"{question} [{defaultValue}] ");
        _input ??= context.Environment.OpenStandardInput();
        var answer = ReadLine(_input);
        if (string.IsNullOrWhiteSpace(answer))
        {
            return defaultValue ?? throw new CliException(ExitCodes.Usage, $"No answer to \"{question}\" on standard input.");
        }
        return answer.Trim();
    }

    public void Dispose() => _input?.Dispose();

    // Byte by byte up to the newline: the rest of standard input stays unread for later questions.
    private static string? ReadLine(Stream input)
    {
        var bytes = new List<byte>();
        int b;
        while ((b = input.ReadByte()) >= 0 && b != '\n')
        {
            if (bytes.Count >= MaxAnswerBytes)
            {
                throw new CliException(ExitCodes.Usage, "The answer on standard input is too long.");
            }
            bytes.Add((byte)b);
        }
        return b < 0 && bytes.Count == 0 ? null : Encoding.UTF8.GetString([.. bytes]).TrimEnd('\r');
    }
}
