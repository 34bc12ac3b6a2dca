namespace Sigilum.Backends.Gcp;

/// <summary>
/// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78, RFC 3720 §B.4), the checksum Secret Manager
/// sends as <c>payload.dataCrc32c</c>. System.IO.Hashing is not in our registry, so it is written here.
/// </summary>
internal static class Crc32C
{
    private static readonly uint[] Table = BuildTable();

    public static uint Compute(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }
        return ~crc;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (var i = 0u; i < 256; i++)
        {
            var entry = i;
            for (var bit = 0; bit < 8; bit++)
            {
                entry = (entry & 1) != 0 ? (entry >> 1) ^ 0x82F63B78u : entry >> 1;
            }
            table[i] = entry;
        }
        return table;
    }
}
