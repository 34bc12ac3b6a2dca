using Sigilum.Sdk.Identity;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sigilum.Cli.Local;

/// <summary>
/// What a running control plane started by this CLI writes to <c>run/</c>: its pid (also alone in
/// <c>controlplane.pid</c>, for shell scripts), URL and store. Written once the server answers, removed when
/// it stops; <c>api status</c>, <c>api stop</c>, <c>down</c> and the API URL resolution read it.
/// </summary>
internal sealed record RunState
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public required int Pid { get; init; }

    public required string Url { get; init; }

    public required string Store { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>The process's own start time, to tell it from a later process that reused the pid.</summary>
    public DateTimeOffset? ProcessStartedAt { get; init; }

    public bool Detached { get; init; }

    public string? LogFile { get; init; }

    [JsonIgnore]
    public bool IsAlive => LocalProcess.IsAlive(Pid, ProcessStartedAt);

    /// <summary>The recorded state, or null when there is none or it is unreadable (treated as not running).</summary>
    public static RunState? Read(SigilumPaths paths)
    {
        try
        {
            return JsonSerializer.Deserialize<RunState>(File.ReadAllBytes(paths.ControlPlaneStateFile), Json);
        }
        catch (Exception ex) when (ex is IOException or JsonException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The recorded state when its process is still running.</summary>
    public static RunState? ReadLive(SigilumPaths paths) => Read(paths) is { IsAlive: true } state ? state : null;

    public void Write(SigilumPaths paths)
    {
        PrivateFiles.WriteOwnerOnly(paths.ControlPlaneStateFile, JsonSerializer.SerializeToUtf8Bytes(this, Json));
        PrivateFiles.WriteOwnerOnly(paths.ControlPlanePidFile, System.Text.Encoding.ASCII.GetBytes(Pid.ToString(System.Globalization.CultureInfo.InvariantCulture) + "\n"));
    }

    /// <summary>Removes the run files if they still describe <paramref name="pid"/> (a newer server's files stay).</summary>
    public static void Delete(SigilumPaths paths, int pid)
    {
        var current = Read(paths);
        if (current is not null && current.Pid != pid)
        {
            return;
        }
        DeleteFile(paths.ControlPlaneStateFile);
        DeleteFile(paths.ControlPlanePidFile);
    }

    /// <summary>Deletes a file if it exists (File.Delete throws when the directory itself is missing).</summary>
    public static void DeleteFile(string path)
    {
        if (File.Exists(path))
        {
            File.Delete(path);
        }
    }
}
