namespace Sigilum.Protocol.StructuredFields;

/// <summary>
/// Caps that keep parsing linear and small. Sigilum signs one label with at most eight components, so
/// these leave room while refusing the 64 KB / 1,000-component inputs of reliability catalogue SIG-16.
/// </summary>
internal sealed record StructuredFieldLimits
{
    public static readonly StructuredFieldLimits Default = new();

    public int MaxLength { get; init; } = 8192;

    public int MaxMembers { get; init; } = 8;

    public int MaxInnerListItems { get; init; } = 16;

    public int MaxParameters { get; init; } = 8;

    public int MaxStringLength { get; init; } = 1024;
}
