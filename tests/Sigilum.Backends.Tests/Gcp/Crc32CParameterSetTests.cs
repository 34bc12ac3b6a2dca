using System.IO.Hashing;
using System.Text;
using Sigilum.Testing.Fakes;

namespace Sigilum.Backends.Gcp;

/// <summary>
/// The backend checks <c>payload.dataCrc32c</c> with System.IO.Hashing's CRC-32C parameter set; these pin
/// that it is the Castagnoli CRC Secret Manager uses (RFC 3720 §B.4), so a library upgrade cannot change it.
/// </summary>
public sealed class Crc32CParameterSetTests
{
    private static uint Crc32C(byte[] data) => Crc32.HashToUInt32(Crc32ParameterSet.Crc32C, data);

    [Fact]
    public void HashToUInt32_CheckString_E3069283()
    {
        // The CRC catalogue's check value for CRC-32C: "123456789".
        Assert.Equal(0xE3069283u, Crc32C(Encoding.ASCII.GetBytes("123456789")));
    }

    [Fact]
    public void HashToUInt32_Rfc3720Vectors_Match()
    {
        // RFC 3720 §B.4: 32 bytes of zeros, of ones, ascending and descending.
        Assert.Equal(0x8A9136AAu, Crc32C(new byte[32]));
        Assert.Equal(0x62A8AB43u, Crc32C(Enumerable.Repeat((byte)0xFF, 32).ToArray()));
        Assert.Equal(0x46DD794Eu, Crc32C(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray()));
        Assert.Equal(0x113FDB5Cu, Crc32C(Enumerable.Range(0, 32).Select(i => (byte)(31 - i)).ToArray()));
    }

    [Fact]
    public void HashToUInt32_Empty_Zero()
    {
        Assert.Equal(0u, Crc32C([]));
    }

    [Fact]
    public void HashToUInt32_AnyLength_AgreesWithTheFakesBitwiseCrc()
    {
        // The fake Secret Manager computes its checksum bit by bit, independently of the library.
        for (var length = 0; length < 200; length += 7)
        {
            var data = Enumerable.Range(0, length).Select(i => (byte)(i * 31 + length)).ToArray();

            Assert.Equal(FakeGcpSecretManager.Crc32C(data), Crc32C(data));
        }
    }
}
