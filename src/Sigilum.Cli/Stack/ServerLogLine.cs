using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Sigilum.Cli.Stack;

/// <summary>
/// One server log line as the caller hands it over: its parts, not its text. The <see cref="ServerLogWriter"/>'s thread
/// formats <c>&lt;time&gt; &lt;level&gt; &lt;category&gt;: &lt;message, line endings as spaces&gt;[ [&lt;exception type&gt;]]</c>
/// straight into its batch buffer, so no line string is built per line on the logging thread (issue #13: two decision
/// lines of ~400 characters per proxied request were each copied into a second string just to prefix them).
/// </summary>
internal readonly record struct ServerLogLine(DateTimeOffset Time, LogLevel Level, string? Category, string Message, string? ExceptionType)
{
    private const string TimeFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";

    // Fixed widths: the time is 24 characters (TimeFormat), a level four.
    private const int TimeLength = 24;
    private const int LevelLength = 4;

    /// <summary>A line written as it is (no time, level or category).</summary>
    public static ServerLogLine Text(string line) => new(default, LogLevel.None, null, line, null);

    /// <summary>Characters <see cref="Format"/> needs at most.</summary>
    public int MaxLength => Category is null
        ? Message.Length
        : TimeLength + 1 + LevelLength + 1 + Category.Length + 2 + Message.Length + (ExceptionType is null ? 0 : ExceptionType.Length + 3);

    /// <summary>Writes the line (without a line end) into <paramref name="destination"/>, at least <see cref="MaxLength"/> long; returns its length.</summary>
    public int Format(Span<char> destination)
    {
        if (Category is null)
        {
            Message.CopyTo(destination);
            return Message.Length;
        }
        Time.UtcDateTime.TryFormat(destination, out var length, TimeFormat, CultureInfo.InvariantCulture);
        destination[length++] = ' ';
        Short(Level).CopyTo(destination[length..]);
        length += LevelLength;
        destination[length++] = ' ';
        Category.CopyTo(destination[length..]);
        length += Category.Length;
        destination[length++] = ':';
        destination[length++] = ' ';
        length += OneLine(Message, destination[length..]);
        if (ExceptionType is not null)
        {
            // Type only: exception messages can carry request data, and a stack trace is for a debugger.
            destination[length++] = ' ';
            destination[length++] = '[';
            ExceptionType.CopyTo(destination[length..]);
            length += ExceptionType.Length;
            destination[length++] = ']';
        }
        return length;
    }

    // string.ReplaceLineEndings(" ") into the destination: CR, LF, CRLF (as one), FF, NEL, LS and PS each become a space.
    private static int OneLine(string message, Span<char> destination)
    {
        var length = 0;
        for (var i = 0; i < message.Length; i++)
        {
            var c = message[i];
            if (c is '\r' or '\n' or '\f' or '\u0085' or '\u2028' or '\u2029')
            {
                if (c == '\r' && i + 1 < message.Length && message[i + 1] == '\n')
                {
                    i++;
                }
                c = ' ';
            }
            destination[length++] = c;
        }
        return length;
    }

    private static string Short(LogLevel level) => level switch
    {
        LogLevel.Trace => "trce",
        LogLevel.Debug => "dbug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "fail",
        _ => "crit",
    };
}
