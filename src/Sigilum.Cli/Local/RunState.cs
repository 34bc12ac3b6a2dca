using Sigilum.Sdk.Identity;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sigilum.Cli.Local;

/// <summary>
/// What a running server (control plane or gateway) started by this CLI writes to <c>run/</c>: its pid (also
/// alone in <c>&lt;server&gt;.pid</c>, for shell scripts), URL and store. Written once the server answers, removed when
/// it stops; <c>api status</c>, <c>api stop</c>, <c>down</c> and the API URL resolution read it.
/// </summary>
internal sealed record RunState
{
    public required int Pid { get; init; }

    public required string Url { get; init; }

    public required string Store { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>The process's own start time, to tell it from a later process that reused the pid.</summary>
    public DateTimeOffset? ProcessStartedAt { get; init; }

    public bool Detached { get; init; }

    public string? LogFile { get; init; }

    /// <summary>The namespace a gateway serves (null for the control plane).</summary>
    public string? Namespace { get; init; }

    /// <summary>The control plane a gateway follows (null for the control plane).</summary>
    public string? ControlPlaneUrl { get; init; }

    /// <summary>The admin listener (<c>/health</c>, <c>/metrics</c>) of a host that has one apart from its main port (the vault).</summary>
    public string? AdminUrl { get; init; }

    [JsonIgnore]
    public bool IsAlive => LocalProcess.IsAlive(Pid, ProcessStartedAt);

    /// <summary>The recorded state, or null when there is none or it is unreadable (treated as not running).</summary>
    public static RunState? Read(SigilumPaths paths, ServerKind? kind = null)
    {
        try
        {
            return JsonSerializer.Deserialize<RunState>(File.ReadAllBytes(paths.StateFile(kind ?? ServerKind.ControlPlane)), StateFileJson.Options);
        }
        catch (Exception ex) when (ex is IOException or JsonException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The recorded state when its process is still running.</summary>
    public static RunState? ReadLive(SigilumPaths paths, ServerKind? kind = null) => Read(paths, kind) is { IsAlive: true } state ? state : null;

    public void Write(SigilumPaths paths, ServerKind? kind = null)
    {
        kind ??= ServerKind.ControlPlane;
        PrivateFiles.WriteOwnerOnly(paths.StateFile(kind), JsonSerializer.SerializeToUtf8Bytes(this, StateFileJson.Options));
        PrivateFiles.WriteOwnerOnly(paths.PidFile(kind), System.Text.Encoding.ASCII.GetBytes(Pid.ToString(System.Globalization.CultureInfo.InvariantCulture) + "\n"));
    }

    /// <summary>Removes the run files if they still describe <paramref name="pid"/> (a newer server's files stay).</summary>
    public static void Delete(SigilumPaths paths, int pid, ServerKind? kind = null)
    {
        kind ??= ServerKind.ControlPlane;
        var current = Read(paths, kind);
        if (current is not null && current.Pid != pid)
        {
            return;
        }
        DeleteFile(paths.StateFile(kind));
        DeleteFile(paths.PidFile(kind));
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
