using System.Net;
using System.Net.Sockets;
using Sigilum.Cli.Local;
using Sigilum.Testing;

namespace Sigilum.Cli.Doctor;

/// <summary>The doctor checks that do not need servers: clock skew, ports and SQLite stores, each failing on its own.</summary>
public sealed class DoctorChecksTests : IDisposable
{
    private static readonly Uri Api = new("http://127.0.0.1:8787");
    private readonly FakeTimeProvider _time = new(1_700_000_000);
    private readonly TempDirectory _dir = new("sigilum-doctor-");
    private readonly CliContext _context;

    public DoctorChecksTests()
    {
        var environment = new CliEnvironment { GetVariable = _ => null, Time = _time };
        _context = new CliContext(environment, new CliOutput(TextWriter.Null, TextWriter.Null, environment));
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Clock_WithinTheSkewAllowance_IsOk()
    {
        var check = RemoteChecks.Clock(_context, Api, _time.GetUtcNow().AddSeconds(-5));

        Assert.Equal(DoctorCheck.Ok, check.Status);
    }

    [Fact]
    public void Clock_MoreThanTheSkewAllowanceAhead_WarnsWithAFix()
    {
        var check = RemoteChecks.Clock(_context, Api, _time.GetUtcNow().AddSeconds(-30));

        Assert.Equal(DoctorCheck.Warn, check.Status);
        Assert.Contains("30 s ahead of", check.Detail, StringComparison.Ordinal);
        Assert.NotNull(check.Fix);
    }

    [Fact]
    public void Clock_NoDateHeader_IsInfo()
    {
        Assert.Equal(DoctorCheck.Info, RemoteChecks.Clock(_context, Api, null).Status);
    }

    [Fact]
    public void Port_HeldByAnotherProcess_Warns()
    {
        using var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        var port = ((IPEndPoint)holder.LocalEndpoint).Port;

        var check = PortChecks.Check(new SigilumPaths(_dir.Path), ServerKind.Gateway, port);

        Assert.Equal(DoctorCheck.Warn, check.Status);
        Assert.Contains("another process", check.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Port_VaultPortHeldByAnotherProcess_WarnsWithUpsVaultPortOption()
    {
        using var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        var port = ((IPEndPoint)holder.LocalEndpoint).Port;

        var check = PortChecks.Check(new SigilumPaths(_dir.Path), ServerKind.Vault, port, "sigilum up --vault-port");

        Assert.Equal(DoctorCheck.Warn, check.Status);
        Assert.Contains("(vault)", check.Label, StringComparison.Ordinal);
        Assert.EndsWith("(sigilum up --vault-port)", check.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void Port_Free_IsOk()
    {
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        Assert.Equal(DoctorCheck.Ok, PortChecks.Check(new SigilumPaths(_dir.Path), ServerKind.Gateway, port).Status);
    }

    [Fact]
    public void Sqlite_NotADatabase_Fails()
    {
        var path = Path.Combine(_dir.Path, "gateway.db");
        File.WriteAllText(path, "definitely not sqlite");

        var check = StoreChecks.Sqlite("gateway store", path, "hint");

        Assert.Equal(DoctorCheck.Fail, check.Status);
    }

    [Fact]
    public void Sqlite_MissingOrValid_IsInfoOrOk()
    {
        var path = Path.Combine(_dir.Path, "store.db");
        Assert.Equal(DoctorCheck.Info, StoreChecks.Sqlite("store", path, "hint").Status);
        File.WriteAllBytes(path, [.. "SQLite format 3\0"u8, .. new byte[100]]);
        Assert.Equal(DoctorCheck.Ok, StoreChecks.Sqlite("store", path, "hint").Status);
    }
}
