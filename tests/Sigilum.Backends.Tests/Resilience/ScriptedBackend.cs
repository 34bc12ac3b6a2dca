using System.Text;

namespace Sigilum.Backends.Resilience;

/// <summary>An inner backend whose answers the test scripts; each fetch can be held until released.</summary>
internal sealed class ScriptedBackend : ICredentialBackend
{
    private readonly Queue<Func<BackendResult>> _answers = new();
    private TaskCompletionSource? _gate;

    public string Name => "scripted";

    public string Kind => "scripted";

    public int Calls { get; private set; }

    public TaskCompletionSource Entered { get; private set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Holds every fetch until <see cref="Release"/>.</summary>
    public void Hold() => _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Release() => _gate?.TrySetResult();

    public void Answer(string value, CredentialMetadata? metadata = null) =>
        _answers.Enqueue(() => BackendResult.Success(new Credential(Encoding.UTF8.GetBytes(value), metadata)));

    public void Answer(BackendError error) => _answers.Enqueue(() => error);

    public async Task<BackendResult> FetchAsync(string reference, CancellationToken cancellationToken)
    {
        Calls++;
        Entered.TrySetResult();
        if (_gate is { } gate)
        {
            try
            {
                await gate.Task.WaitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return BackendError.Of(BackendErrorKind.Timeout, "scripted: cancelled");
            }
        }
        return _answers.Dequeue()();
    }

    public Task<BackendError?> TestAsync(CancellationToken cancellationToken) => Task.FromResult<BackendError?>(null);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
