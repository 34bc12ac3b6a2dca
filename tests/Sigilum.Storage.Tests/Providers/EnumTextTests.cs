using Sigilum.Core.Claims;
using Sigilum.Core.Nodes;
using Sigilum.Core.Passkeys;
using Sigilum.Core.Sessions;
using Sigilum.Core.Storage.Providers;
using Sigilum.Core.Webhooks;

namespace Sigilum.Storage.Providers;

/// <summary>The stored spellings of every enum are pinned: they are the schema's, so a renamed member must not change them.</summary>
public sealed class EnumTextTests
{
    [Fact]
    public void Of_EveryStoredEnum_IsTheSchemasSpelling()
    {
        Assert.Equal(["pending", "approved", "rejected", "revoked", "expired"], Spellings<ClaimStatus>());
        Assert.Equal(["gateway", "vault"], Spellings<DataPlaneKind>());
        Assert.Equal(["pending", "delivered", "failed"], Spellings<WebhookDeliveryStatus>());
        Assert.Equal(["cli_token", "sign_in_link", "browser", "pairing_code"], Spellings<OwnerSessionKind>());
        Assert.Equal(["registration", "sign_in"], Spellings<PasskeyCeremony>());
    }

    [Fact]
    public void Parse_StoredSpelling_IsTheMember()
    {
        Assert.Equal(OwnerSessionKind.SignInLink, EnumText.Parse<OwnerSessionKind>("sign_in_link"));
        Assert.Equal(ClaimStatus.Expired, EnumText.Parse<ClaimStatus>("expired"));
    }

    [Fact]
    public void Parse_UnknownValue_ThrowsRatherThanDefaulting()
    {
        Assert.Throws<InvalidDataException>(() => EnumText.Parse<ClaimStatus>("Pending"));
    }

    [Fact]
    public void Of_UndefinedValue_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => EnumText.Of((ClaimStatus)99));
    }

    private static string[] Spellings<T>()
        where T : struct, Enum => [.. Enum.GetValues<T>().Select(EnumText.Of)];
}
