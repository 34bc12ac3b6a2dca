namespace Sigilum.Sdk.Identity;

public sealed class SigilumHomeTests
{
    private static readonly string Profile = Path.Combine(Path.GetTempPath(), "profile");

    [Fact]
    public void Resolve_ExplicitHome_WinsOverEnvironment()
    {
        var home = SigilumHome.Resolve("/srv/explicit", _ => "/srv/env", Profile);

        Assert.Equal(Path.GetFullPath("/srv/explicit"), home);
    }

    [Fact]
    public void Resolve_EnvironmentOnly_UsesSigilumHome()
    {
        var home = SigilumHome.Resolve(null, name => name == "SIGILUM_HOME" ? "/srv/env" : null, Profile);

        Assert.Equal(Path.GetFullPath("/srv/env"), home);
    }

    [Fact]
    public void Resolve_NothingSet_UsesDotSigilumInProfile()
    {
        Assert.Equal(Path.Combine(Profile, ".sigilum"), SigilumHome.Resolve(null, _ => null, Profile));
    }

    [Fact]
    public void Resolve_BlankExplicitHome_FallsBackToEnvironment()
    {
        Assert.Equal(Path.GetFullPath("/srv/env"), SigilumHome.Resolve("  ", _ => "/srv/env", Profile));
    }

    [Fact]
    public void Resolve_TildePath_ExpandsToProfile()
    {
        Assert.Equal(Path.Combine(Profile, "keys"), SigilumHome.Resolve("~/keys", _ => null, Profile));
    }
}
