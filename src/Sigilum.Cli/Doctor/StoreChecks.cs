using System.Text;

namespace Sigilum.Cli.Doctor;

/// <summary>Are the SQLite stores there and readable? Checked by their header, so doctor never opens (or migrates) a live database.</summary>
internal static class StoreChecks
{
    private static readonly byte[] SqliteHeader = Encoding.ASCII.GetBytes("SQLite format 3\0");

    public static DoctorCheck Sqlite(string label, string path, string createdBy)
    {
        if (!File.Exists(path))
        {
            return new(DoctorCheck.Info, label, $"{path} does not exist yet.", createdBy);
        }
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var header = new byte[SqliteHeader.Length];
            var read = stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
            return read == header.Length && header.AsSpan().SequenceEqual(SqliteHeader)
                ? new(DoctorCheck.Ok, label, $"{path} ({stream.Length / 1024} KiB)")
                : new(DoctorCheck.Fail, label, $"{path} is not a SQLite database.", "restore it from a backup, or move it aside to start empty");
        }
        catch (UnauthorizedAccessException)
        {
            return new(DoctorCheck.Fail, label, $"{path} cannot be read: permission denied.", $"chown $(id -un) {path}");
        }
        catch (IOException ex)
        {
            return new(DoctorCheck.Fail, label, $"{path} cannot be read: {ex.Message}", "check the disk");
        }
    }
}
