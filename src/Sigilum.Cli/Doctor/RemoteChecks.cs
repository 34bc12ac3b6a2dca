using System.Globalization;
using System.Text.Json;
using Sigilum.Cli.Remote;

namespace Sigilum.Cli.Doctor;

/// <summary>Probes over HTTP with a short deadline: never a stack trace, always a check.</summary>
internal static class RemoteChecks
{
    /// <summary>Overrides the per-probe deadline, in seconds (a slow link, or a loaded CI host).</summary>
    public const string DeadlineVariable = "SIGILUM_DOCTOR_TIMEOUT";

    private static readonly TimeSpan DefaultDeadline = TimeSpan.FromSeconds(3);

    /// <summary>The status, the <c>Date</c> header and the error text of <c>GET url</c>; status 0 when nothing answered.</summary>
    public sealed record Probe(int Status, DateTimeOffset? Date, string? Problem, string? Code);

    public static async Task<Probe> GetAsync(CliContext context, Uri url, string? bearer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        using var http = new HttpClient(context.Environment.CreateHttpHandler()) { Timeout = Timeout.InfiniteTimeSpan };
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (bearer is not null)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", bearer);
        }
        var allowed = DeadlineOf(context);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(allowed);
        try
        {
            using var response = await http.SendAsync(request, deadline.Token);
            var body = await response.Content.ReadAsByteArrayAsync(deadline.Token);
            string? code = null;
            try
            {
                using var doc = JsonDocument.Parse(body);
                if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.String)
                {
                    code = c.GetString();
                }
            }
            catch (JsonException)
            {
                // Not JSON: the status says enough.
            }
            return new Probe((int)response.StatusCode, response.Headers.Date, null, code);
        }
        catch (HttpRequestException ex)
        {
            return new Probe(0, null, ex.Message, null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new Probe(0, null, $"no answer within {allowed.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s", null);
        }
    }

    /// <summary><c>$SIGILUM_DOCTOR_TIMEOUT</c> seconds when it is a positive number up to 300, else 3 s.</summary>
    public static TimeSpan DeadlineOf(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var text = context.Environment.GetVariable(DeadlineVariable);
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds is > 0 and <= 300
            ? TimeSpan.FromSeconds(seconds)
            : DefaultDeadline;
    }

    /// <summary>
    /// Local clock against the control plane's <c>Date</c> header (1 s resolution). Signatures allow 5 s of future skew,
    /// so more than that makes fresh signatures look like they come from the future (or too old).
    /// </summary>
    public static DoctorCheck Clock(CliContext context, Uri apiUrl, DateTimeOffset? serverDate)
    {
        ArgumentNullException.ThrowIfNull(context);
        const string label = "clock";
        if (serverDate is null)
        {
            return new(DoctorCheck.Info, label, "not compared: the control plane sent no Date header (or did not answer).");
        }
        var skew = context.Environment.Time.GetUtcNow() - serverDate.Value;
        var seconds = Math.Abs(skew.TotalSeconds);
        // The Date header is truncated to whole seconds: allow that second on top of the 5 s bound.
        return seconds <= 6
            ? new(DoctorCheck.Ok, label, $"within {Math.Ceiling(seconds).ToString(CultureInfo.InvariantCulture)} s of {ApiUrl.Display(apiUrl)}.")
            : new(DoctorCheck.Warn, label,
                $"{Math.Round(seconds).ToString(CultureInfo.InvariantCulture)} s {(skew > TimeSpan.Zero ? "ahead of" : "behind")} {ApiUrl.Display(apiUrl)}; signatures allow 5 s of skew, so requests may be refused.",
                "sync the clock (timedatectl set-ntp true, or chronyc makestep)");
    }
}
