using System.Text;
using Sigilum.Testing;

namespace Sigilum.Cli.Services;

/// <summary>How <c>--secret</c> and <c>--secret-env</c> values are read, and that a refusal never echoes a value.</summary>
public sealed class SecretArgumentsTests : IDisposable
{
    private readonly TempDirectory _dir = new("sigilum-secrets-");
    private readonly StringWriter _stderr = new();
    private readonly Dictionary<string, string> _variables = [];
    private byte[] _stdin = [];

    public void Dispose()
    {
        _dir.Dispose();
        _stderr.Dispose();
    }

    private CliContext Context()
    {
        var environment = new CliEnvironment
        {
            GetVariable = name => _variables.GetValueOrDefault(name),
            CurrentDirectory = _dir.Path,
            OpenStandardInput = () => new MemoryStream(_stdin),
        };
        return new CliContext(environment, new CliOutput(TextWriter.Null, _stderr, environment));
    }

    [Fact]
    public void Read_FileStdinAndEnvironment_ReadsEachWithoutWarning()
    {
        File.WriteAllText(Path.Combine(_dir.Path, "key.txt"), "from-file\n");
        _stdin = Encoding.UTF8.GetBytes("from-stdin\r\n");
        _variables["MY_KEY"] = "from-env";

        var secrets = SecretArguments.Read(Context(), ["a=@key.txt", "b=-"], ["c=MY_KEY"]);

        Assert.Equal(["from-file", "from-stdin", "from-env"], secrets.Select(s => Encoding.UTF8.GetString(s.Value)));
        Assert.Equal(string.Empty, _stderr.ToString());
        secrets.ForEach(s => s.Dispose());
        Assert.All(secrets, s => Assert.All(s.Value, b => Assert.Equal(0, b)));
    }

    [Fact]
    public void Read_LiteralValues_WarnOnce()
    {
        var secrets = SecretArguments.Read(Context(), ["a=one", "b=two"], []);

        Assert.Equal(2, secrets.Count);
        Assert.Single(_stderr.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Theory]
    [InlineData("no-equals-secret-value")]
    [InlineData("=secret-value")]
    [InlineData("bad key=secret-value")]
    [InlineData("a=")]
    public void Read_Malformed_IsAUsageErrorThatDoesNotEchoTheValue(string item)
    {
        var ex = Assert.Throws<CliException>(() => SecretArguments.Read(Context(), [item], []));

        Assert.Equal(ExitCodes.Usage, ex.ExitCode);
        Assert.DoesNotContain("secret-value", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_DuplicateKeyOrTwoStdinReads_AreRefused()
    {
        var duplicate = Assert.Throws<CliException>(() => SecretArguments.Read(Context(), ["a=x", "a=y"], []));
        Assert.Contains("given twice", duplicate.Message, StringComparison.Ordinal);
        _stdin = Encoding.UTF8.GetBytes("from-stdin");
        var twice = Assert.Throws<CliException>(() => SecretArguments.Read(Context(), ["a=-", "b=-"], []));
        Assert.Contains("Only one --secret", twice.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_MissingFileOrVariable_SayWhich()
    {
        Assert.Equal(ExitCodes.NotFound, Assert.Throws<CliException>(() => SecretArguments.Read(Context(), ["a=@missing.txt"], [])).ExitCode);
        var unset = Assert.Throws<CliException>(() => SecretArguments.Read(Context(), [], ["a=NOT_SET"]));
        Assert.Contains("NOT_SET", unset.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_FileThatIsNotUtf8_IsAUsageError()
    {
        File.WriteAllBytes(Path.Combine(_dir.Path, "binary.key"), [0xff, 0xfe, 0x41]);

        var ex = Assert.Throws<CliException>(() => SecretArguments.Read(Context(), ["a=@binary.key"], []));

        Assert.Equal(ExitCodes.Usage, ex.ExitCode);
        Assert.Contains("not UTF-8", ex.Message, StringComparison.Ordinal);
    }
}
