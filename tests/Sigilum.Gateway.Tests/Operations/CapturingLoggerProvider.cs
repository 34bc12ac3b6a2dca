using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Sigilum.Gateway.Operations;

/// <summary>Keeps every log message (category, level, text) so tests can read decision lines.</summary>
internal sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<(string Category, LogLevel Level, string Message)> _entries = new();

    public IReadOnlyList<(string Category, LogLevel Level, string Message)> Entries => [.. _entries];

    /// <summary>Messages of the decision-log category.</summary>
    public IReadOnlyList<string> Decisions => [.. _entries.Where(e => e.Category == JsonDecisionLog.Category).Select(e => e.Message)];

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner._entries.Enqueue((category, logLevel, formatter(state, exception)));
    }
}
