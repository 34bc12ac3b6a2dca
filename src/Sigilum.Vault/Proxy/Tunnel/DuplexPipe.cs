using System.IO.Pipelines;

namespace Sigilum.Vault.Proxy.Tunnel;

internal sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
{
    public PipeReader Input { get; } = input;

    public PipeWriter Output { get; } = output;
}
