namespace Sigilum.CommandLine;

/// <summary>
/// How a list reads for people: the line printed when there is nothing (with the command that adds one), the
/// column headings and one row's cells. Used with <see cref="CliOutputTables.ReportTable{T}"/>.
/// </summary>
public sealed record TableReport<T>(string Empty, IReadOnlyList<string> Columns, Func<T, IEnumerable<string>> Cells);
