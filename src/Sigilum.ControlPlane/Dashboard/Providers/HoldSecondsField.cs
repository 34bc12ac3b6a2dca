using System.Globalization;

namespace Sigilum.ControlPlane.Dashboard.Providers;

/// <summary>
/// A connection's <c>hold_seconds</c> as typed on the add and edit forms (ADR 0055): read and bounded here as the
/// gateway's API bounds it, so the form says what is wrong without a round trip to the gateway.
/// </summary>
internal static class HoldSecondsField
{
    public const string Name = "hold_seconds";

    /// <summary>The gateway's bound on hold_seconds (ADR 0055, <c>ConnectionValidation.MaxHoldSeconds</c>).</summary>
    public const int Max = 300;

    /// <summary>What the form says when the value is refused.</summary>
    public static readonly string Problem = $"The hold must be a whole number of seconds (0–{Max}).";

    /// <summary>Null for an empty field (the gateway keeps its value or default); false when it is not 0–<see cref="Max"/>.</summary>
    public static bool TryRead(string text, out int? seconds)
    {
        seconds = null;
        if (text.Length == 0)
        {
            return true;
        }
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value > Max)
        {
            return false;
        }
        seconds = value;
        return true;
    }
}
