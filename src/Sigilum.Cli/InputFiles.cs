namespace Sigilum.Cli;

/// <summary>Reads user-named input files, turning the usual failures into one-line errors with exit codes.</summary>
internal static class InputFiles
{
    public static byte[] ReadBytes(string path, int maxBytes, string what)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            if (stream.Length > maxBytes)
            {
                throw new CliException(ExitCodes.Usage, $"The {what} {path} is larger than {maxBytes} bytes.");
            }
            var buffer = new byte[stream.Length];
            stream.ReadExactly(buffer);
            return buffer;
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new CliException(ExitCodes.NotFound, $"The {what} {path} does not exist.");
        }
        catch (UnauthorizedAccessException)
        {
            throw new CliException(ExitCodes.IoError, $"The {what} {path} cannot be read: permission denied.");
        }
        catch (IOException ex)
        {
            throw new CliException(ExitCodes.IoError, $"The {what} {path} cannot be read: {ex.Message}");
        }
    }

    public static byte[] ReadStandardInput(CliContext context, int maxBytes, string what)
    {
        using var stdin = context.Environment.OpenStandardInput();
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = stdin.Read(chunk)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                throw new CliException(ExitCodes.Usage, $"The {what} on stdin is larger than {maxBytes} bytes.");
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    /// <summary>
    /// A secret read from a file or a pipe without the line end that is not part of it: every trailing CR and LF, or
    /// with <paramref name="onlyOne"/> a single final "\n" or "\r\n". The untrimmed buffer is zeroed when a copy is made.
    /// </summary>
    public static byte[] TrimLineEnd(byte[] value, bool onlyOne)
    {
        ArgumentNullException.ThrowIfNull(value);
        var length = value.Length;
        if (onlyOne)
        {
            length -= length > 0 && value[length - 1] == '\n' ? (length > 1 && value[length - 2] == '\r' ? 2 : 1) : 0;
        }
        else
        {
            while (length > 0 && value[length - 1] is (byte)'\n' or (byte)'\r')
            {
                length--;
            }
        }
        if (length == value.Length)
        {
            return value;
        }
        var trimmed = value[..length];
        Array.Clear(value);
        return trimmed;
    }
}
