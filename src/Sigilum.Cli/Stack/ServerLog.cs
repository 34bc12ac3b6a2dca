using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Sigilum.Cli.Stack;

/// <summary>
/// The hosted server's log lines go to the CLI's stderr (in the background: the log file), one line each.
/// Our own categories at Information; the framework's only from Warning, so a quiet server stays quiet. Lines are
/// handed over as parts and formatted and written by a <see cref="ServerLogWriter"/> (batched, off the request path).
/// </summary>
internal sealed class ServerLog(ServerLogWriter writer, TimeProvider time) : ILoggerProvider
{
    public static void Configure(ILoggingBuilder logging, CliContext context)
    {
        logging.SetMinimumLevel(LogLevel.Information);
        logging.AddFilter("Microsoft", LogLevel.Warning);
        logging.AddFilter("System", LogLevel.Warning);
        // The host logs a failed start (a taken port) as an error; the CLI reports it itself in one line.
        logging.AddFilter("Microsoft.Extensions.Hosting", LogLevel.Critical);
        // Created by the host's container, so disposed with the host: queued lines are written before the host's
        // DisposeAsync returns, i.e. before the CLI prints that the server stopped. (A provider instance passed to
        // AddProvider would never be disposed by the host.)
        var error = context.Output.Error;
        var time = context.Environment.Time;
        logging.Services.AddSingleton<ILoggerProvider>(_ => new ServerLog(ServerLogWriter.For(error), time));
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    /// <summary>Writes every queued line (the CLI's stderr itself stays open: it belongs to the CLI).</summary>
    public void Dispose() => writer.Dispose();

    // The line is formatted by the writer's thread, from its parts (ServerLogLine).
    private void Write(LogLevel level, string category, string message, Exception? exception) =>
        writer.Write(new ServerLogLine(time.GetUtcNow(), level, category, message, exception?.GetType().Name));

    private sealed class Logger(ServerLog provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            ArgumentNullException.ThrowIfNull(formatter);
            provider.Write(logLevel, category, formatter(state, exception), exception);
        }
    }
}
