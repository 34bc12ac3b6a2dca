using System.Text.Json;

namespace Sigilum.Gateway.Approvals;

/// <summary>The claim JSON the control plane pushes, read into what the cache keeps (the approver: ADR 0062).</summary>
public sealed class ClaimWireTests
{
    private const string Base = "\"claim_id\":\"cl_1\",\"namespace\":\"alice\",\"public_key\":\"ed25519:k\",\"service\":\"openai\",\"status\":\"approved\"";

    [Fact]
    public void Read_ApproverAndTime_Kept()
    {
        using var json = JsonDocument.Parse("{" + Base + ",\"approved_by\":\"dashboard:own_1\",\"approved_at\":\"2026-12-07T22:40:01.123+00:00\"}");

        var (claim, approved) = ClaimWire.Read(json.RootElement);

        Assert.True(approved);
        Assert.Equal("dashboard:own_1", claim.ApprovedBy);
        Assert.Equal(new DateTimeOffset(2026, 12, 7, 22, 40, 1, 123, TimeSpan.Zero), claim.ApprovedAt);
    }

    [Fact]
    public void Read_ClaimFromBeforeTheApproverWasRecorded_ReadsAsUnknown()
    {
        using var json = JsonDocument.Parse("{" + Base + ",\"approved_by\":null}");

        var (claim, approved) = ClaimWire.Read(json.RootElement);

        Assert.True(approved);
        Assert.Null(claim.ApprovedBy);
        Assert.Null(claim.ApprovedAt);
    }
}
