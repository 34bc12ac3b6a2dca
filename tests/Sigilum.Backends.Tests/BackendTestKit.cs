using System.Text;
using Sigilum.Testing;

namespace Sigilum.Backends;

/// <summary>Builds backends the way the vault proxy does (through <see cref="BackendFactory"/>), with a fake clock and environment.</summary>
internal sealed class BackendTestKit
{
    public FakeTimeProvider Time { get; } = new(DateTimeOffset.Parse("2026-11-21T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    public Dictionary<string, string> Environment { get; } = new(StringComparer.Ordinal);

    public BackendContext Context => new() { Time = Time, GetEnvironmentVariable = name => Environment.GetValueOrDefault(name) };

    public ICredentialBackend Create(string kind, params (string Key, string Value)[] options)
    {
        var (backend, errors) = BackendFactory.Create(Definition(kind, options), Context);
        Assert.True(backend is not null, string.Join(" | ", errors));
        return backend;
    }

    public static IReadOnlyList<string> Errors(string kind, params (string Key, string Value)[] options)
    {
        var (backend, errors) = BackendFactory.Create(Definition(kind, options), new BackendContext());
        Assert.Null(backend);
        Assert.NotEmpty(errors);
        return errors;
    }

    public static BackendDefinition Definition(string kind, params (string Key, string Value)[] options) =>
        new("test-" + kind, kind, options.ToDictionary(o => o.Key, o => o.Value, StringComparer.Ordinal));

    /// <summary>The fetched value as text (tests only; product code never makes a string of a secret).</summary>
    public static string Text(BackendResult result)
    {
        Assert.True(result.IsSuccess, result.Error?.Message);
        using var credential = result.Credential!;
        return Encoding.UTF8.GetString(credential.Value);
    }

    public static BackendError Failure(BackendResult result, BackendErrorKind kind)
    {
        Assert.False(result.IsSuccess, "expected a failure");
        Assert.Equal(kind, result.Error!.Kind);
        return result.Error;
    }
}
