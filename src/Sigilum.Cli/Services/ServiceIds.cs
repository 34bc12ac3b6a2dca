using Sigilum.Protocol.Identity;

namespace Sigilum.Cli.Services;

/// <summary>
/// The service id is both the control plane's service slug and the gateway connection id: the gateway files claims
/// and reads the approvals feed with the service's key under the connection id, and the control plane refuses a
/// <c>service</c> that differs from the key's slug (spec §3.5 "Important coupling").
/// </summary>
internal static class ServiceIds
{
    /// <summary>Sigilum's slugify (<see cref="Slug"/>); an over-long result is refused by <see cref="Validate"/>.</summary>
    public static string Slugify(string name) => Slug.Of(name);

    /// <summary>The id when it is a valid slug (3–64 of <c>a-z 0-9 -</c>, alphanumeric ends), else a usage error.</summary>
    public static string Validate(string id, string source)
    {
        ArgumentNullException.ThrowIfNull(id);
        return SigilumNamespace.IsValid(id)
            ? id
            : throw new CliException(ExitCodes.Usage,
                $"'{id}' ({source}) is not a valid service id: 3-64 of a-z, 0-9 and '-', starting and ending with a letter or digit.");
    }
}
