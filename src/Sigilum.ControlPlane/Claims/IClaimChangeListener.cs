using Sigilum.Core.Claims;

namespace Sigilum.ControlPlane.Claims;

/// <summary>Told about every claim change this instance makes (webhooks enqueue deliveries here).</summary>
public interface IClaimChangeListener
{
    Task OnClaimChangedAsync(ClaimRecord claim, string eventName, CancellationToken cancellationToken);
}
