namespace Sigilum.Core.Claims;

/// <summary>A page of results with the total count before paging.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, int Total, int Limit, int Offset)
{
    public bool HasMore => Offset + Items.Count < Total;
}
