using System.Globalization;

namespace Sigilum.Gateway.Connections;

/// <summary>The rotation verdict for one resolution, with the due date it was judged against.</summary>
internal readonly record struct RotationState(RotationStatus Status, DateTimeOffset? DueAt)
{
    /// <summary>The response header Sigilum adds in warn mode (spec §3.4 step 6).</summary>
    public const string WarningHeader = "X-Sigilum-Rotation-Warning";

    public static RotationState Ok => new(RotationStatus.Ok, null);

    /// <summary>
    /// Overdue means <c>now &gt; next_rotation_due_at + grace</c>; equal is still on time. No due date
    /// (no interval) or enforcement off is always <see cref="RotationStatus.Ok"/>.
    /// </summary>
    public static RotationState Evaluate(DateTimeOffset? due, DateTimeOffset now, RotationEnforcement enforcement, int graceDays)
    {
        if (enforcement == RotationEnforcement.Off || due is not { } dueAt || now <= dueAt.AddDays(graceDays))
        {
            return Ok;
        }
        return new(enforcement == RotationEnforcement.Block ? RotationStatus.Block : RotationStatus.Warn, dueAt);
    }

    /// <summary>The <see cref="WarningHeader"/> value in warn mode, else null.</summary>
    public string? WarningFor(string connectionId) =>
        Status == RotationStatus.Warn && DueAt is { } due ? $"connection \"{connectionId}\" secret rotation is overdue (due {Format(due)})" : null;

    /// <summary>RFC 3339 in UTC, as Sigilum's Go gateway prints times.</summary>
    public static string Format(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
