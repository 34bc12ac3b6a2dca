using Microsoft.Extensions.Hosting;

namespace Sigilum.ControlPlane.Attestations;

/// <summary>
/// Creates the first attestation key (or rotates a due one) when the host starts, and opens it, so a
/// master key that cannot open the stored seed stops the start instead of failing the first authorize.
/// The key ring itself zeroes its seeds when the host disposes it.
/// </summary>
internal sealed class AttestationKeyStartup(AttestationKeyRing keys) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => keys.EnsureReadyAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
