using System.Globalization;
using Sigilum.Cli.Local;

namespace Sigilum.Cli.Doctor;

/// <summary>The vault <c>sigilum up</c> runs (ADR 0061): its admin port's <c>/health</c>, checked only when this home runs one.</summary>
internal static class VaultChecks
{
    public static async Task<DoctorCheck?> HealthAsync(CliContext context, SigilumPaths paths, CancellationToken cancellationToken)
    {
        if (RunState.ReadLive(paths, ServerKind.Vault) is not { } state)
        {
            return null;
        }
        if (state.AdminUrl is not { } admin)
        {
            return new(DoctorCheck.Warn, "vault", $"the vault at {state.Url} (pid {state.Pid.ToString(CultureInfo.InvariantCulture)}) records no admin port.", "sigilum down && sigilum up");
        }
        var probe = await RemoteChecks.GetAsync(context, new Uri(admin.TrimEnd('/') + "/health"), null, cancellationToken);
        return probe.Status == 200
            ? new(DoctorCheck.Ok, "vault", $"proxy {state.Url}; {admin}/health answers 200 (metrics at {admin}/metrics).")
            : new(DoctorCheck.Fail, "vault", $"{admin}/health did not answer 200 ({(probe.Status == 0 ? probe.Problem : "HTTP " + probe.Status.ToString(CultureInfo.InvariantCulture))}).",
                "sigilum down && sigilum up");
    }
}
