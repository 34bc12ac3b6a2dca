using System.Text;

namespace Sigilum.Backends.Env;

/// <summary>
/// <c>env</c>: the secret reference is the name of a variable in the proxy's own environment. For
/// development and tests only: the value sits in the process environment for its whole life.
/// </summary>
internal sealed class EnvBackend(string name, BackendContext context) : ICredentialBackend
{
    public const string KindName = "env";

    public string Name { get; } = name;

    public string Kind => KindName;

    public static (ICredentialBackend? Backend, IReadOnlyList<string> Errors) Create(BackendDefinition definition, BackendContext context)
    {
        var unknown = definition.Options.Keys.Where(k => k != "prefix").ToList();
        if (unknown.Count > 0)
        {
            return (null, [.. unknown.Select(k => $"Option '{k}' is not known for the env backend (known: prefix).")]);
        }
        var prefix = definition.Options.GetValueOrDefault("prefix") ?? string.Empty;
        return (new EnvBackend(definition.Name, prefix.Length == 0 ? context : WithPrefix(context, prefix)), []);
    }

    public Task<BackendResult> FetchAsync(string reference, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(reference))
        {
            return Task.FromResult<BackendResult>(BackendError.Of(BackendErrorKind.NotFound, $"Backend '{Name}': the secret reference is empty."));
        }
        var value = context.GetEnvironmentVariable(reference);
        if (string.IsNullOrEmpty(value))
        {
            return Task.FromResult<BackendResult>(BackendError.Of(BackendErrorKind.NotFound, $"Backend '{Name}': environment variable '{reference}' is not set."));
        }
        var bytes = Encoding.UTF8.GetBytes(value);
        try
        {
            return Task.FromResult(BackendResult.Success(new Credential(bytes)));
        }
        finally
        {
            Array.Clear(bytes);
        }
    }

    public Task<BackendError?> TestAsync(CancellationToken cancellationToken) => Task.FromResult<BackendError?>(null);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static BackendContext WithPrefix(BackendContext context, string prefix) => new()
    {
        Time = context.Time,
        Handler = context.Handler,
        GetEnvironmentVariable = name => context.GetEnvironmentVariable(prefix + name),
    };
}
