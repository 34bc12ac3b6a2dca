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

    [Theory]
    [InlineData("passkey-added", "Passkey added. You can now sign in with it.")]
    [InlineData("mcp-subject-policy-deleted", "Subject policy removed.")]
    [InlineData("variable-set", "Variable saved.")]
    [InlineData("provider-updated", "Provider updated.")]
    public void NoticeText_KeyOfASection_KnownWithoutMapping(string key, string text)
    {
        Assert.Equal(text, Notices.Text(key));
    }

    [Fact]
    public void NoticeText_UnknownKey_Null()
    {
        Assert.Null(Notices.Text("<script>"));
    }
}
