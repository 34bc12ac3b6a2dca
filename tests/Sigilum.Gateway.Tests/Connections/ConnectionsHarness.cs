using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sigilum.AspNetCore.RequestIds;
using Sigilum.Core.Storage;
using Sigilum.Storage.Sqlite;
using Sigilum.Testing;

namespace Sigilum.Gateway.Connections;

/// <summary>
/// A real Kestrel on 127.0.0.1:0 with only the connection admin endpoints mapped on <c>/api/admin</c>,
/// over a real SQLite store in a temp directory, a settable clock, a fake environment (master key,
/// service key overrides) and captured logs.
/// </summary>
internal sealed class ConnectionsHarness : IAsyncDisposable
{
    public static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly WebApplication _app;
    private readonly bool _ownsDirectory;

    private ConnectionsHarness(WebApplication app, TempDirectory directory, bool ownsDirectory, SqliteSigilumStore store, FakeTimeProvider clock,
        ConcurrentDictionary<string, string> environment, CapturedLogs logs, Uri baseUri)
    {
        _app = app;
        _ownsDirectory = ownsDirectory;
        Directory = directory;
        Store = store;
        Clock = clock;
        Environment = environment;
        Logs = logs;
        Client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseProxy = false }) { BaseAddress = baseUri };
    }

    public TempDirectory Directory { get; }

    public SqliteSigilumStore Store { get; }

    public FakeTimeProvider Clock { get; }

    public ConcurrentDictionary<string, string> Environment { get; }

    public CapturedLogs Logs { get; }

    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    public ConnectionResolver Resolver => Services.GetRequiredService<ConnectionResolver>();

    public string DatabasePath => Path.Combine(Directory.Path, "gateway.db");

    /// <summary>
    /// Starts a host. Pass <paramref name="directory"/> and <paramref name="masterKey"/> to open a second
    /// gateway on the same database (another instance, or the same data with a different key);
    /// <paramref name="configureServices"/> adds features built on connections (the MCP tests).
    /// </summary>
    public static async Task<ConnectionsHarness> StartAsync(
        RotationEnforcement enforcement = RotationEnforcement.Warn, int graceDays = 0, TempDirectory? directory = null, byte[]? masterKey = null,
        IReadOnlyList<GatewayBackendOptions>? backends = null, IReadOnlyDictionary<string, string>? environmentVariables = null,
        Action<IServiceCollection>? configureServices = null)
    {
        var ownsDirectory = directory is null;
        directory ??= new TempDirectory();
        var clock = new FakeTimeProvider(T0);
        var environment = new ConcurrentDictionary<string, string>(StringComparer.Ordinal)
        {
            ["SIGILUM_MASTER_KEY"] = Convert.ToBase64String(masterKey ?? RandomNumberGenerator.GetBytes(32)),
        };
        foreach (var (name, value) in environmentVariables ?? new Dictionary<string, string>())
        {
            environment[name] = value;
        }
        var logs = new CapturedLogs();
        var store = await SqliteSigilumStore.OpenAsync(new SqliteStoreOptions { Path = Path.Combine(directory.Path, "gateway.db"), TimeProvider = clock });
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Trace);
        builder.Logging.AddProvider(logs);
        builder.Services.AddSingleton<ISigilumStore>(store);
        builder.Services.AddSingleton<TimeProvider>(clock);
        builder.Services.AddGatewayConnections(new ConnectionOptions
        {
            DataDirectory = directory.Path,
            RotationEnforcement = enforcement,
            RotationGraceDays = graceDays,
            GetEnvironment = name => environment.TryGetValue(name, out var value) ? value : null,
            MaxAdminBodyBytes = 64 * 1024,
            Backends = backends ?? [],
        });
        configureServices?.Invoke(builder.Services);
        var app = builder.Build();
        app.UseMiddleware<RequestIdMiddleware>();
        ConnectionAdminEndpoints.Map(app.MapGroup("/api/admin"));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new ConnectionsHarness(app, directory, ownsDirectory, store, clock, environment, logs, new Uri(address));
    }

    /// <summary>Creates a connection through the admin API and returns the response JSON (throws unless 201).</summary>
    public async Task<JsonElement> CreateAsync(object body)
    {
        using var response = await Client.PostAsJsonAsync("/api/admin/connections", body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public async Task<(int Status, string Body, HttpResponseMessage Response)> SendAsync(HttpMethod method, string path, object? body = null, string? rawBody = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (rawBody is not null)
        {
            request.Content = new StringContent(rawBody, Encoding.UTF8, "application/json");
        }
        else if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }
        var response = await Client.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(), response);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        await Store.DisposeAsync();
        if (_ownsDirectory)
        {
            Directory.Dispose();
        }
    }
}
