using Microsoft.AspNetCore.Http;
using Sigilum.ControlPlane.Dashboard.Rendering;

namespace Sigilum.ControlPlane.Dashboard;

/// <summary>The dashboard's shared request steps: the signed-in owner, and the one table of done-notices.</summary>
public sealed class DashboardOwnerTests
{
    [Fact]
    public void Owner_NoSessionFilterRan_Throws()
    {
        var context = new DefaultHttpContext();

        var error = Assert.Throws<InvalidOperationException>(() => context.Owner());

        Assert.Contains("session filter", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NoticeText_KeysOfTheSections_InTheOneTable()
    {
        string[] keys = ["passkey-added", "passkey-renamed", "passkey-removed", "passkey-required", "passkey-optional", "mcp-discovered",
            "mcp-policy-saved", "mcp-subject-policy-saved", "mcp-subject-policy-deleted", "variable-set", "variable-deleted", "no-gateway", "provider-updated"];

        Assert.All(keys, key => Assert.False(string.IsNullOrEmpty(Notices.Text(key)), key));
    }

    [Fact]
    public void NoticeText_UnknownKey_Null()
    {
        Assert.Null(Notices.Text("<script>"));
    }
}
