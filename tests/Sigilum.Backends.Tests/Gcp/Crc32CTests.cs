using System.Text;

namespace Sigilum.Backends.Gcp;

public sealed class Crc32CTests
{
    [Fact]
    public void Compute_CheckString_E3069283()
    {
        // The CRC catalogue's check value for CRC-32C: "123456789".
        Assert.Equal(0xE3069283u, Crc32C.Compute(Encoding.ASCII.GetBytes("123456789")));
    }

    [Fact]
    public void Compute_Rfc3720Vectors_Match()
    {
        // RFC 3720 §B.4: 32 bytes of zeros, of ones, ascending and descending.
        Assert.Equal(0x8A9136AAu, Crc32C.Compute(new byte[32]));
        Assert.Equal(0x62A8AB43u, Crc32C.Compute(Enumerable.Repeat((byte)0xFF, 32).ToArray()));
        Assert.Equal(0x46DD794Eu, Crc32C.Compute(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray()));
        Assert.Equal(0x113FDB5Cu, Crc32C.Compute(Enumerable.Range(0, 32).Select(i => (byte)(31 - i)).ToArray()));
    }

    [Fact]
    public void Compute_Empty_Zero()
    {
        Assert.Equal(0u, Crc32C.Compute([]));
    }
}
