namespace Sigilum.Storage.Sqlite.Data;

/// <summary>Creating a database file that only its owner may read.</summary>
internal static class SqliteFiles
{
    /// <summary>
    /// Directory 0700 and database file 0600 on Unix (the file holds sealed secrets, token hashes or replay state);
    /// SQLite gives the -wal and -shm files the database file's mode. An existing file is left as it is.
    /// </summary>
    public static void CreatePrivate(string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
            return;
        }
        if (!Directory.Exists(directory))
        {
            Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        if (!File.Exists(path))
        {
            using var _ = new FileStream(path, new FileStreamOptions
            {
                Mode = FileMode.OpenOrCreate,
                Access = FileAccess.Write,
                UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
            });
        }
    }
}
