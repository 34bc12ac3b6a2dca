namespace Sigilum.Core.Replay;

/// <summary>
/// One shard of <see cref="InMemoryReplaySet"/>: an open-addressing table (linear probing) of fixed 24-byte slots —
/// the 128-bit key and its expiry in UTC ticks — in one array, behind one lock. No object per entry: the set used
/// to hold every nonce as a <c>ConcurrentDictionary</c> node (~75-83 bytes each, promoted to gen 2 and freed only
/// by a full collection), and the gateway holds every nonce of the last 306 s (docs/perf/gateway-memory.md). Here
/// an entry costs 24 bytes over a load between 3/8 and 3/4, and removing one frees its slot in place (backward-shift
/// deletion, no tombstones), so a steady stream of nonces allocates nothing.
/// </summary>
/// <remarks>
/// Keys are SHA-256 output, so their bits are uniform: the low half picks the slot, the set uses the high half to
/// pick the shard. An expiry of 0 marks an empty slot (a recorded expiry is at least 1 tick).
/// </remarks>
internal sealed class ReplayShard
{
    /// <summary>Smallest table, and the size a shard shrinks back to when a flood has passed.</summary>
    public const int MinimumSlots = 16;

    private readonly Lock _lock = new();
    private Slot[] _slots = new Slot[MinimumSlots];
    private int _used;

    /// <summary>The outcome of <see cref="TryRecord"/>.</summary>
    public enum Outcome
    {
        Recorded,
        Replayed,
        /// <summary>The key is new but the set has no room for it (the caller's reservation failed).</summary>
        NoRoom,
    }

    /// <summary>Slots allocated (for tests and the memory benchmark).</summary>
    public int SlotCount
    {
        get
        {
            lock (_lock)
            {
                return _slots.Length;
            }
        }
    }

    /// <summary>
    /// Insert-if-absent of one key, atomic under the shard's lock. A present, unexpired key is a replay; a present,
    /// expired one (not yet swept) is recorded again with the new expiry, as the durable stores allow. A new key
    /// takes a slot only if <paramref name="reserve"/> grants one (the set's global capacity).
    /// </summary>
    public Outcome TryRecord(ulong low, ulong high, long expiresTicks, long nowTicks, Func<bool> reserve)
    {
        lock (_lock)
        {
            var slots = _slots;
            var mask = slots.Length - 1;
            var index = (int)low & mask;
            while (slots[index].Expiry != 0)
            {
                ref var slot = ref slots[index];
                if (slot.Low == low && slot.High == high)
                {
                    if (slot.Expiry > nowTicks)
                    {
                        return Outcome.Replayed;
                    }
                    slot.Expiry = expiresTicks;
                    return Outcome.Recorded;
                }
                index = (index + 1) & mask;
            }
            if (!reserve())
            {
                return Outcome.NoRoom;
            }
            if ((_used + 1) * 4 > slots.Length * 3)
            {
                Resize(slots.Length * 2);
                slots = _slots;
                mask = slots.Length - 1;
                index = (int)low & mask;
                while (slots[index].Expiry != 0)
                {
                    index = (index + 1) & mask;
                }
            }
            slots[index] = new Slot(low, high, expiresTicks);
            _used++;
            return Outcome.Recorded;
        }
    }

    /// <summary>Removes every entry whose expiry is at or before <paramref name="nowTicks"/>; returns how many.</summary>
    public int RemoveExpired(long nowTicks)
    {
        lock (_lock)
        {
            if (_used == 0)
            {
                return 0;
            }
            var slots = _slots;
            var mask = slots.Length - 1;
            // Start just after an empty slot (there always is one: the load stays ≤ 3/4). A backward shift only moves
            // entries towards their home slot within one run of occupied slots, and no run crosses that empty slot, so
            // one pass from there sees every entry exactly once and never one it has already passed.
            var start = 0;
            while (slots[start].Expiry != 0)
            {
                start++;
            }
            var removed = 0;
            for (var step = 1; step <= slots.Length; step++)
            {
                var index = (start + step) & mask;
                // The slot may be refilled by the shift; the entry moved into it is checked too.
                while (slots[index].Expiry != 0 && slots[index].Expiry <= nowTicks)
                {
                    Delete(slots, index);
                    removed++;
                }
            }
            _used -= removed;
            var length = slots.Length;
            while (length > MinimumSlots && _used * 8 < length)
            {
                length /= 2;
            }
            if (length != slots.Length)
            {
                // A flood has passed: give the memory back rather than hold the peak's table for the process's life.
                Resize(length);
            }
            return removed;
        }
    }

    /// <summary>Knuth's algorithm R: empty the slot, then pull back each later entry of the run that may live there.</summary>
    private static void Delete(Slot[] slots, int hole)
    {
        var mask = slots.Length - 1;
        var next = hole;
        while (true)
        {
            slots[hole] = default;
            while (true)
            {
                next = (next + 1) & mask;
                if (slots[next].Expiry == 0)
                {
                    return;
                }
                var home = (int)slots[next].Low & mask;
                // The entry at next stays if its home lies cyclically in (hole, next]: moving it to hole would put it
                // before its home, where a lookup starting at home would not find it.
                var stays = hole <= next ? hole < home && home <= next : hole < home || home <= next;
                if (!stays)
                {
                    break;
                }
            }
            slots[hole] = slots[next];
            hole = next;
        }
    }

    private void Resize(int length)
    {
        var old = _slots;
        var slots = new Slot[length];
        var mask = length - 1;
        foreach (var slot in old)
        {
            if (slot.Expiry == 0)
            {
                continue;
            }
            var index = (int)slot.Low & mask;
            while (slots[index].Expiry != 0)
            {
                index = (index + 1) & mask;
            }
            slots[index] = slot;
        }
        _slots = slots;
    }

    /// <summary>
    /// Two <c>ulong</c>s rather than a <c>UInt128</c>: the latter is 16-byte aligned, which would pad the slot to 32 bytes.
    /// </summary>
    private struct Slot(ulong low, ulong high, long expiry)
    {
        public ulong Low = low;
        public ulong High = high;
        public long Expiry = expiry;
    }
}
