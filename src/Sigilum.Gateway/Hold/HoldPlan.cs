using System.Globalization;
using Microsoft.Extensions.Primitives;

namespace Sigilum.Gateway.Hold;

/// <summary>
/// How long one unapproved request is held (ADR 0055): the connection's <c>hold_seconds</c> (0 = never), shortened by the
/// agent's <c>Prefer: wait=&lt;s&gt;</c> (RFC 7240 §4.3) but never lengthened by it. <see cref="Preferred"/> says the agent's
/// preference was honoured (capped or not), so the answer carries <c>Preference-Applied: wait=&lt;seconds&gt;</c>.
/// </summary>
internal readonly record struct HoldPlan(int Seconds, bool Preferred)
{
    public const string PreferHeader = "Prefer";
    public const string PreferenceAppliedHeader = "Preference-Applied";

    public static readonly HoldPlan None = new(0, false);

    public bool Holds => Seconds > 0;

    /// <summary>The <c>Preference-Applied</c> value for this plan.</summary>
    public string PreferenceApplied => "wait=" + Seconds.ToString(CultureInfo.InvariantCulture);

    /// <summary>The plan for a connection that allows <paramref name="allowedSeconds"/> and a request's <c>Prefer</c> headers.</summary>
    public static HoldPlan Of(int allowedSeconds, StringValues prefer)
    {
        if (allowedSeconds <= 0)
        {
            return None;
        }
        return RequestedWait(prefer) is { } wait ? new HoldPlan(Math.Min(wait, allowedSeconds), true) : new HoldPlan(allowedSeconds, false);
    }

    /// <summary>
    /// The first <c>wait</c> preference (RFC 7240 §2: only the first instance counts; names are case-insensitive, values may
    /// be quoted); null when there is none or its value is not a whole number of seconds (an unusable preference is ignored).
    /// </summary>
    public static int? RequestedWait(StringValues prefer)
    {
        foreach (var header in prefer)
        {
            if (string.IsNullOrEmpty(header))
            {
                continue;
            }
            foreach (var element in header.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var preference = element.Split(';', 2)[0];
                var equals = preference.IndexOf('=', StringComparison.Ordinal);
                var name = (equals < 0 ? preference : preference[..equals]).Trim();
                if (!string.Equals(name, "wait", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }
                var value = equals < 0 ? string.Empty : preference[(equals + 1)..].Trim().Trim('"');
                return long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
                    ? (int)Math.Min(seconds, int.MaxValue)
                    : null;
            }
        }
        return null;
    }
}
