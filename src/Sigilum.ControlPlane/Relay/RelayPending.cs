namespace Sigilum.ControlPlane.Relay;

/// <summary>A command sent and not answered yet; only <see cref="Connection"/>'s node may complete it.</summary>
internal sealed class RelayPending(RelayConnection connection)
{
    public RelayConnection Connection { get; } = connection;

    public TaskCompletionSource<RelayExchange> Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
