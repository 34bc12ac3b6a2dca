using System.CommandLine;
using System.Text;

namespace Sigilum.Cli.Signing;

/// <summary>The <c>--body</c> / <c>--body-file</c> pair shared by sign and request.</summary>
internal sealed class BodyInput
{
    /// <summary>Same bound as the signing handler and the gateway: 2 MiB.</summary>
    public const int MaxBytes = Sdk.Signing.SigilumSigningOptions.DefaultMaxBodyBytes;

    public Option<string?> Text { get; } = new("--body", "-d")
    {
        Description = "Request body as UTF-8 text (signed with a content-digest).",
        HelpName = "text",
    };

    public Option<string?> File { get; } = new("--body-file")
    {
        Description = "Read the request body from a file, byte for byte ('-' reads stdin).",
        HelpName = "file",
    };

    public IEnumerable<Symbol> Symbols => [Text, File];

    /// <summary>The body bytes (empty when neither option is given).</summary>
    public byte[] Read(ParseResult parseResult, CliContext context)
    {
        var text = parseResult.GetValue(Text);
        var file = parseResult.GetValue(File);
        if (text is not null && file is not null)
        {
            throw new CliException(ExitCodes.Usage, "Use either --body or --body-file, not both.");
        }
        var body = text is not null ? Encoding.UTF8.GetBytes(text) : file is not null ? ReadFile(file, context) : [];
        if (body.Length > MaxBytes)
        {
            throw new CliException(ExitCodes.Usage, $"The body is larger than {MaxBytes} bytes; Sigilum gateways refuse larger signed bodies.");
        }
        return body;
    }

    private static byte[] ReadFile(string file, CliContext context)
    {
        if (file == "-")
        {
            return InputFiles.ReadStandardInput(context, MaxBytes, "body");
        }
        return InputFiles.ReadBytes(context.ResolvePath(file), MaxBytes, "body file");
    }
}
