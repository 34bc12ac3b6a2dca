using Sigilum.ControlPlane.Dashboard.Forms;

namespace Sigilum.ControlPlane.Dashboard.Passkeys;

/// <summary>What a finished ceremony gives: a value, or the refusal with its stable code (never both).</summary>
public sealed record PasskeyResult<T>(T? Value, DashboardError? Error)
    where T : class
{
    public static PasskeyResult<T> Ok(T value) => new(value, null);

    public static PasskeyResult<T> Refused(DashboardError error) => new(null, error);
}
