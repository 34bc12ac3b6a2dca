using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Sigilum.Gateway.Operations;

/// <summary>
/// <see cref="IDecisionLog"/> as one JSON line per decision (spec §3.11), written at Information through
/// the logger category <see cref="Category"/> so the host's logging decides where lines go. Fields are
/// sanitised by <see cref="DecisionLogRedaction"/>; a field that reuses a reserved name (timestamp,
/// component, kind, event) is dropped rather than written twice.
/// </summary>
internal sealed partial class JsonDecisionLog : IDecisionLog
{
    public const string Category = "Sigilum.Gateway.Decisions";

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = false };
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly bool _enabled;

    public JsonDecisionLog(ILoggerFactory loggers, TimeProvider time, bool enabled)
    {
        ArgumentNullException.ThrowIfNull(loggers);
        _logger = loggers.CreateLogger(Category);
        _time = time;
        _enabled = enabled;
    }

    public void Write(string eventName, IReadOnlyDictionary<string, object?> fields)
    {
        ArgumentNullException.ThrowIfNull(eventName);
        ArgumentNullException.ThrowIfNull(fields);
        if (!_enabled || !_logger.IsEnabled(LogLevel.Information))
        {
            return;
        }
        var line = Format(eventName, fields);
        Decision(_logger, line);
    }

    /// <summary>The JSON line for one decision.</summary>
    public string Format(string eventName, IReadOnlyDictionary<string, object?> fields)
    {
        ArgumentNullException.ThrowIfNull(eventName);
        ArgumentNullException.ThrowIfNull(fields);
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("timestamp", _time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture));
            writer.WriteString("component", "gateway");
            writer.WriteString("kind", "decision");
            writer.WriteString("event", eventName);
            foreach (var (name, value) in fields)
            {
                if (name is "timestamp" or "component" or "kind" or "event")
                {
                    continue;
                }
                writer.WritePropertyName(name);
                DecisionLogRedaction.WriteValue(writer, name, value);
            }
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    [LoggerMessage(EventId = 4500, Level = LogLevel.Information, Message = "{Decision}")]
    private static partial void Decision(ILogger logger, string decision);
}
