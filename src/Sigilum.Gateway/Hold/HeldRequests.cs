using Sigilum.Gateway.Approvals;

namespace Sigilum.Gateway.Hold;

/// <summary>
/// The requests held while the owner decides (ADR 0055), indexed by approval key so that a claim event wakes exactly the
/// requests it concerns. Bounded per agent key (over all connections) and in total. Each held request awaits its
/// <see cref="HoldSlot.Signal"/>: no thread and no polling loop per request.
/// </summary>
internal sealed class HeldRequests(HoldOptions options) : IApprovalChanges
{
    private readonly Lock _gate = new();
    private readonly Dictionary<ApprovalKey, List<HoldSlot>> _byKey = [];
    private readonly Dictionary<(string Namespace, string PublicKey), int> _perAgent = [];
    private int _total;

    /// <summary>How many requests are held right now.</summary>
    public int Count => Volatile.Read(ref _total);

    /// <summary>Takes a slot for a request of <paramref name="key"/>, or says which bound is reached.</summary>
    public HoldAdmission TryEnter(ApprovalKey key, out HoldSlot? slot)
    {
        slot = null;
        lock (_gate)
        {
            if (_total >= options.MaxTotal)
            {
                return HoldAdmission.GatewayFull;
            }
            var agent = (key.Namespace, key.PublicKey);
            var held = _perAgent.GetValueOrDefault(agent);
            if (held >= options.MaxPerAgent)
            {
                return HoldAdmission.AgentFull;
            }
            _perAgent[agent] = held + 1;
            _total++;
            slot = new HoldSlot(this, key);
            if (!_byKey.TryGetValue(key, out var slots))
            {
                _byKey[key] = slots = [];
            }
            slots.Add(slot);
            return HoldAdmission.Admitted;
        }
    }

    public void Changed(ApprovalKey key, bool rejected)
    {
        HoldSlot[] woken;
        lock (_gate)
        {
            if (!_byKey.TryGetValue(key, out var slots))
            {
                return;
            }
            woken = [.. slots];
        }
        foreach (var slot in woken)
        {
            slot.Wake(rejected);
        }
    }

    public void ChangedAll()
    {
        HoldSlot[] woken;
        lock (_gate)
        {
            if (_total == 0)
            {
                return;
            }
            woken = [.. _byKey.Values.SelectMany(s => s)];
        }
        foreach (var slot in woken)
        {
            slot.Wake(rejected: false);
        }
    }

    internal void Leave(HoldSlot slot)
    {
        lock (_gate)
        {
            if (_byKey.TryGetValue(slot.Key, out var slots) && slots.Remove(slot))
            {
                if (slots.Count == 0)
                {
                    _byKey.Remove(slot.Key);
                }
                var agent = (slot.Key.Namespace, slot.Key.PublicKey);
                var held = _perAgent[agent] - 1;
                if (held == 0)
                {
                    _perAgent.Remove(agent);
                }
                else
                {
                    _perAgent[agent] = held;
                }
                _total--;
            }
        }
    }
}
