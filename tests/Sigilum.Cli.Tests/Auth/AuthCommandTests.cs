using System.Runtime.Versioning;
using Sigilum.Cli.Local;
using Sigilum.Cli.Remote;
using Sigilum.Protocol.Identity;
using Sigilum.Protocol.Signatures;

namespace Sigilum.Cli.Auth;

/// <summary>Owner sign-in against a real control plane: register, login, status, logout and the refusals.</summary>
public sealed class AuthCommandTests : IAsyncLifetime
{
    private readonly CliHarness _cli = new();
    private TestControlPlane _server = null!;

    public async Task InitializeAsync()
    {
        _cli.UseNetwork();
        _server = await TestControlPlane.StartAsync(_cli.Time);
        await _cli.RunAsync("init", "alice");
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _cli.Dispose();
    }

    [Fact]
    [UnsupportedOSPlatform("windows")]
    public async Task Login_RegisteredNamespace_StoresOwnerOnlyTokenAndNeverPrintsIt()
    {
        await _cli.RunAsync("namespace", "register", "--api-url", _server.Url);

        var run = await _cli.RunAsync("auth", "login", "--api-url", _server.Url, "--json");

        Assert.True(run.ExitCode == 0, run.ToString());
        var json = run.Json();
        Assert.Equal("alice", json.GetProperty("namespace").GetString());
        Assert.Equal(_server.Url, json.GetProperty("apiUrl").GetString());
        var file = json.GetProperty("tokenFile").GetString()!;
        Assert.Equal(Path.Combine(_cli.Home, "controlplane", "owner-token-alice"), file);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        var token = _server.StoredToken(_cli.Home, "alice");
        Assert.DoesNotContain(token, run.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(token, run.Stderr, StringComparison.Ordinal);
        // It does print a one-time dashboard link (a different, single-use credential).
        Assert.StartsWith(_server.Url + "/dashboard/sign-in?code=sgl_", json.GetProperty("signInUrl").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_PrintsDashboardLinkThatSignsInOnce()
    {
        await _cli.RunAsync("namespace", "register", "--api-url", _server.Url);

        var run = await _cli.RunAsync("auth", "login", "--api-url", _server.Url);

        Assert.True(run.ExitCode == 0, run.ToString());
        var link = run.Stdout.Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith(_server.Url + "/dashboard/sign-in?code=", StringComparison.Ordinal));
        Assert.Contains("Dashboard: open this one-time link to sign in", run.Stdout, StringComparison.Ordinal);
        using var http = new HttpClient();
        Assert.Equal(System.Net.HttpStatusCode.OK, (await http.GetAsync(link)).StatusCode);
    }

    [Fact]
    public async Task Login_Recover_LiftsThePasskeyRequirement_PlainLoginDoesNot()
    {
        await _cli.RunAsync("namespace", "register", "--api-url", _server.Url);
        // Every passkey lost: the namespace still requires one, so a plain link would not sign in (ADR 0056).
        await _server.Host.Store.Passkeys.SetRequiredAsync("alice", required: true, _cli.Time.GetUtcNow());

        var plain = await _cli.RunAsync("auth", "login", "--api-url", _server.Url, "--json");
        Assert.True(plain.ExitCode == 0, plain.ToString());
        Assert.False(plain.Json().GetProperty("passkeyRequirementLifted").GetBoolean());
        Assert.True(await _server.Host.Store.Passkeys.IsRequiredAsync("alice"));

        var recovered = await _cli.RunAsync("auth", "login", "--api-url", _server.Url, "--recover", "--json");

        Assert.True(recovered.ExitCode == 0, recovered.ToString());
        Assert.True(recovered.Json().GetProperty("passkeyRequirementLifted").GetBoolean());
        Assert.False(await _server.Host.Store.Passkeys.IsRequiredAsync("alice"));
        Assert.StartsWith(_server.Url + "/dashboard/sign-in?code=sgl_", recovered.Json().GetProperty("signInUrl").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_UnregisteredNamespace_ExitsNotFoundWithRegisterHint()
    {
        var run = await _cli.RunAsync("auth", "login", "--api-url", _server.Url);

        Assert.Equal(ExitCodes.NotFound, run.ExitCode);
        Assert.Equal($"error: Namespace alice is not registered on {_server.Url}; register it with: sigilum namespace register", run.Stderr.TrimEnd());
    }

    [Fact]
    public async Task Login_NamespaceOwnedByAnotherKey_ExitsAuth()
    {
        // Someone else registered "alice" first, with their own key.
        using (var other = SigningIdentity.FromRecord(IdentityRecord.Create("alice", _cli.Time)))
        using (var client = new HttpClient(new Sdk.Signing.SigilumSigningHandler(other, new Sdk.Signing.SigilumSigningOptions { TimeProvider = _cli.Time }, new SocketsHttpHandler())))
        {
            (await client.PostAsync(new Uri(_server.Url + "/v1/namespaces"), new StringContent("{}", System.Text.Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
        }

        var run = await _cli.RunAsync("auth", "login", "--api-url", _server.Url);

        Assert.Equal(ExitCodes.Auth, run.ExitCode);
        Assert.Contains("is owned by another key", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_SignedIn_ReportsNamespaceFromServer()
    {
        await _cli.RunAsync("namespace", "register", "--api-url", _server.Url);
        await _cli.RunAsync("auth", "login", "--api-url", _server.Url);

        var run = await _cli.RunAsync("auth", "status", "--api-url", _server.Url, "--json");

        Assert.Equal(0, run.ExitCode);
        Assert.True(run.Json().GetProperty("signedIn").GetBoolean());
        Assert.Equal("alice", run.Json().GetProperty("namespace").GetString());
        Assert.StartsWith("own_", run.Json().GetProperty("ownerId").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Logout_SignedIn_RevokesTokenOnServerAndDeletesFile()
    {
        await _cli.RunAsync("namespace", "register", "--api-url", _server.Url);
        await _cli.RunAsync("auth", "login", "--api-url", _server.Url);
        var token = _server.StoredToken(_cli.Home, "alice");

        var run = await _cli.RunAsync("auth", "logout", "--api-url", _server.Url, "--json");

        Assert.Equal(0, run.ExitCode);
        Assert.True(run.Json().GetProperty("revoked").GetBoolean());
        Assert.False(File.Exists(Path.Combine(_cli.Home, "controlplane", "owner-token-alice")));
        using var owner = new HttpClient();
        owner.DefaultRequestHeaders.Authorization = new("Bearer", token);
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await owner.GetAsync(new Uri(_server.Url + "/v1/auth/me"))).StatusCode);
        var status = await _cli.RunAsync("auth", "status", "--api-url", _server.Url);
        Assert.Equal(ExitCodes.Auth, status.ExitCode);
    }

    [Fact]
    public async Task Logout_NotSignedIn_IsNotAnError()
    {
        var run = await _cli.RunAsync("auth", "logout", "--api-url", _server.Url);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("nothing to do", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_SecondControlPlane_KeepsTheFirstToken()
    {
        await using var second = await TestControlPlane.StartAsync(_cli.Time);
        foreach (var url in new[] { _server.Url, second.Url })
        {
            await _cli.RunAsync("namespace", "register", "--api-url", url);
            Assert.Equal(0, (await _cli.RunAsync("auth", "login", "--api-url", url)).ExitCode);
        }

        var store = new OwnerTokenStore(new SigilumPaths(_cli.Home));

        Assert.NotNull(store.Find(new Uri(_server.Url), "alice"));
        Assert.NotNull(store.Find(new Uri(second.Url), "alice"));
        Assert.Equal(0, (await _cli.RunAsync("auth", "status", "--api-url", _server.Url)).ExitCode);
    }

    [Fact]
    public async Task Login_ApiUrlFromEnvironment_IsUsedWithoutFlag()
    {
        _cli.Environment["SIGILUM_API_URL"] = _server.Url + "/";
        await _cli.RunAsync("namespace", "register");

        var run = await _cli.RunAsync("auth", "login", "--json");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(_server.Url, run.Json().GetProperty("apiUrl").GetString());
    }
}
