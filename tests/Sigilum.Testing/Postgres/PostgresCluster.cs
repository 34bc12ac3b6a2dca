using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Sigilum.Testing.Postgres;

/// <summary>
/// A throw-away PostgreSQL cluster for the test run: <c>initdb</c> into a temp directory and
/// <c>pg_ctl start</c> on a free loopback port with fsync off. PostgreSQL refuses to run as root, so
/// when the tests run as root the server runs as the <c>postgres</c> OS user (the Debian package
/// creates it) and owns the directory.
/// </summary>
public sealed class PostgresCluster : IAsyncDisposable
{
    private const string ServiceUser = "postgres";
    private const string DirectoryPrefix = "sigilum-storage-pg-";

    /// <summary>A cluster directory untouched this long with no running server is a leftover, never one being set up.</summary>
    private static readonly TimeSpan StaleAfter = TimeSpan.FromMinutes(30);

    private readonly string _bin;
    private readonly string _root;
    private readonly bool _asServiceUser;
    private bool _stopped;

    private PostgresCluster(string bin, string root, bool asServiceUser, int port)
    {
        _bin = bin;
        _root = root;
        _asServiceUser = asServiceUser;
        Port = port;
    }

    public int Port { get; }

    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres;Pooling=true;Maximum Pool Size=20";

    private string DataDirectory => Path.Combine(_root, "data");

    public static async Task<PostgresCluster> StartAsync()
    {
        var bin = FindBinaries();
        var asServiceUser = Environment.UserName == "root";
        RemoveStaleClusters();
        var root = Directory.CreateTempSubdirectory(DirectoryPrefix).FullName;
        if (asServiceUser)
        {
            await RunAsync("chown", [ServiceUser, root]);
        }
        var initializing = new PostgresCluster(bin, root, asServiceUser, 0);
        await initializing.RunToolAsync("initdb", ["-D", initializing.DataDirectory, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-locale", "--no-sync"]);
        for (var attempt = 1; ; attempt++)
        {
            var cluster = new PostgresCluster(bin, root, asServiceUser, FreePort());
            try
            {
                await cluster.StartServerAsync();
                return cluster;
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
                // Another process took the port between probing and binding; try a new one.
            }
        }
    }

    /// <summary>
    /// Stops the server (fast shutdown: open sessions are cut, as when a database host goes down) and keeps its data,
    /// for tests of what clients do while PostgreSQL is unreachable (issue #18 item 3).
    /// </summary>
    public Task StopServerAsync() => RunToolAsync("pg_ctl", ["-D", DataDirectory, "-m", "fast", "-w", "stop"]);

    /// <summary>Starts the server again on the same port after <see cref="StopServerAsync"/>.</summary>
    public Task StartServerAsync() => RunToolAsync("pg_ctl", [
        "-D", DataDirectory, "-l", Path.Combine(_root, "server.log"), "-w", "-t", "30",
        "-o", $"-p {Port} -k {_root} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off " +
              "-c full_page_writes=off -c max_connections=300 -c shared_buffers=32MB " +
              // Small WAL: a run creates hundreds of databases, and the default keeps up to 1 GB of WAL per cluster.
              "-c wal_level=minimal -c max_wal_senders=0 -c max_wal_size=64MB -c min_wal_size=32MB",
        "start"]);

    public async ValueTask DisposeAsync()
    {
        if (_stopped)
        {
            return;
        }
        _stopped = true;
        try
        {
            await RunToolAsync("pg_ctl", ["-D", DataDirectory, "-m", "immediate", "-w", "stop"]);
        }
        finally
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    /// <summary>
    /// Removes clusters earlier runs left behind: a test host killed at exit (the runner stops it while
    /// <see cref="DisposeAsync"/> is still deleting gigabytes of databases) leaves its directory, and
    /// every later run would add another. A directory with a live server (<c>postmaster.pid</c>) or touched
    /// recently (another run may be in <c>initdb</c>) is left alone.
    /// </summary>
    private static void RemoveStaleClusters()
    {
        foreach (var directory in new DirectoryInfo(Path.GetTempPath()).EnumerateDirectories(DirectoryPrefix + "*"))
        {
            var running = File.Exists(Path.Combine(directory.FullName, "data", "postmaster.pid"));
            if (running || TimeProvider.System.GetUtcNow().UtcDateTime - directory.LastWriteTimeUtc < StaleAfter)
            {
                continue;
            }
            try
            {
                directory.Delete(recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Another run is removing it, or it is not ours to remove: either way not this run's concern.
            }
        }
    }

    /// <summary>The newest <c>/usr/lib/postgresql/&lt;version&gt;/bin</c> holding initdb and pg_ctl (Debian's layout), else PATH.</summary>
    private static string FindBinaries()
    {
        const string debianRoot = "/usr/lib/postgresql";
        var candidates = Directory.Exists(debianRoot)
            ? Directory.GetDirectories(debianRoot)
                .Select(d => (Version: int.TryParse(Path.GetFileName(d), out var v) ? v : -1, Bin: Path.Combine(d, "bin")))
                .Where(c => c.Version >= 0 && File.Exists(Path.Combine(c.Bin, "initdb")) && File.Exists(Path.Combine(c.Bin, "pg_ctl")))
                .OrderByDescending(c => c.Version).Select(c => c.Bin)
            : [];
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Where(d => d.Length > 0 && File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl")));
        return candidates.Concat(onPath).FirstOrDefault() ?? throw new InvalidOperationException(
            $"PostgreSQL server binaries (initdb, pg_ctl) were not found under {debianRoot}/<version>/bin or on PATH. " +
            $"Install the 'postgresql' package (scripts/test does) or set {PostgresServer.Variable} to a connection string.");
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private Task RunToolAsync(string tool, string[] arguments)
    {
        var path = Path.Combine(_bin, tool);
        return _asServiceUser ? RunAsync("runuser", ["-u", ServiceUser, "--", path, .. arguments]) : RunAsync(path, arguments);
    }

    private static async Task RunAsync(string fileName, string[] arguments)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            // Tools run as another user must not inherit an unreadable working directory.
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{fileName} {string.Join(' ', arguments)} exited with {process.ExitCode}:\n{await output}\n{await error}");
        }
    }
}
