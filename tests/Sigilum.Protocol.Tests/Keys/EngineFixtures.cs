namespace Sigilum.Protocol.Keys;

/// <summary>Each Ed25519 engine constructed directly, so tests never depend on which one the facade picked.</summary>
internal static class EngineFixtures
{
    public static IEd25519Engine Libsodium
    {
        get
        {
            // libsodium23 is a declared dependency (scripts install it), so failing to load is a failure.
            Assert.True(LibsodiumEd25519Engine.TryCreate(out var engine), "libsodium.so.23 did not load");
            return engine;
        }
    }

    public static IEd25519Engine Managed => BouncyCastleEd25519Engine.Instance;

    public static IEd25519Engine ByName(string name) => name switch
    {
        "libsodium" => Libsodium,
        "bouncycastle" => Managed,
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    public static readonly string[] Names = ["libsodium", "bouncycastle"];

    public static TheoryData<string, string> EngineAndVector()
    {
        var data = new TheoryData<string, string>();
        foreach (var engine in Names)
        {
            foreach (var vector in Rfc8032Vectors.All)
            {
                data.Add(engine, vector.Name);
            }
        }
        return data;
    }

    public static TheoryData<string> Engines() => new(Names);
}
