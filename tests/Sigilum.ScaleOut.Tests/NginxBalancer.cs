using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Sigilum.Testing;

namespace Sigilum.ScaleOut;

/// <summary>
/// Debian's nginx balancing round-robin across the given backends, as docs/deployment.md configures it: run as the test
/// user in the foreground with a private prefix (config, pid, logs and temp files in a temp directory) on a free
/// loopback port. It sets <c>X-Forwarded-For</c> to the address it received from (the first hop overwrites whatever a
/// client sent) and passes the Host header through, so the signed <c>@authority</c> is the balancer's.
/// </summary>
internal sealed class NginxBalancer : IAsyncDisposable
{
    private readonly TempDirectory _prefix = new("sigilum-nginx-");
    private Process? _process;

    public int Port { get; private set; }

    public Uri BaseUri => new($"http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}/");

    public static async Task<NginxBalancer> StartAsync(IReadOnlyList<Uri> backends)
    {
        var balancer = new NginxBalancer();
        balancer.Port = FreePort();
        var config = Path.Combine(balancer._prefix.Path, "nginx.conf");
        await File.WriteAllTextAsync(config, Render(balancer._prefix.Path, balancer.Port, backends));
        var start = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])["-p", balancer._prefix.Path, "-c", config, "-g", "daemon off;"])
        {
            start.ArgumentList.Add(argument);
        }
        balancer._process = Process.Start(start) ?? throw new InvalidOperationException("nginx did not start.");
        await balancer.WaitListeningAsync();
        return balancer;
    }

    /// <summary>The nginx.conf for <paramref name="backends"/>: the deployment guide's, with paths under the prefix.</summary>
    internal static string Render(string prefix, int port, IReadOnlyList<Uri> backends)
    {
        var servers = string.Concat(backends.Select(b => $"        server {b.Authority} max_fails=1 fail_timeout=2s;\n"));
        return $$"""
            worker_processes 1;
            pid {{prefix}}/nginx.pid;
            error_log {{prefix}}/error.log warn;
            events { worker_connections 1024; }
            http {
                access_log {{prefix}}/access.log;
                client_body_temp_path {{prefix}}/client_body;
                proxy_temp_path {{prefix}}/proxy;
                fastcgi_temp_path {{prefix}}/fastcgi;
                uwsgi_temp_path {{prefix}}/uwsgi;
                scgi_temp_path {{prefix}}/scgi;
                upstream sigilum_gateways {
            {{servers}}        keepalive 32;
                }
                server {
                    listen 127.0.0.1:{{port}};
                    client_max_body_size 3m;
                    location / {
                        proxy_pass http://sigilum_gateways;
                        proxy_http_version 1.1;
                        proxy_set_header Connection "";
                        proxy_set_header Host $http_host;
                        proxy_set_header X-Forwarded-For $remote_addr;
                        proxy_set_header X-Forwarded-Proto $scheme;
                        proxy_buffering off;
                        proxy_request_buffering on;
                        proxy_next_upstream error timeout;
                    }
                }
            }
            """;
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        _process?.Dispose();
        _prefix.Dispose();
    }

    private static string Executable => File.Exists("/usr/sbin/nginx") ? "/usr/sbin/nginx"
        : throw new InvalidOperationException("nginx was not found at /usr/sbin/nginx: install Debian's nginx package (scripts/test does).");

    private async Task WaitListeningAsync()
    {
        var deadline = TimeProvider.System.GetUtcNow() + TimeSpan.FromSeconds(20);
        while (true)
        {
            if (_process!.HasExited)
            {
                throw new InvalidOperationException($"nginx exited with {_process.ExitCode}: {await _process.StandardError.ReadToEndAsync()}");
            }
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException) when (TimeProvider.System.GetUtcNow() < deadline)
            {
                await Task.Delay(20);
            }
        }
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
