using Sigilum.AspNetCore.Errors;

namespace Sigilum.ControlPlane.Witness;

/// <summary>
/// Whether a node's witnessed checkpoints still hold together: how many were checked and, when they do not, the
/// witness error code of the first problem, what it means and at which seq.
/// </summary>
internal sealed record ChainVerdict(int Checked, ApiError? Error, string? Detail, long? Seq)
{
    public bool Verifies => Error is null;

    /// <summary>What is wrong, in one sentence (the detail when there is one, else the error's title).</summary>
    public string? Reason => Error is null ? null : Detail ?? Error.Title;
}
