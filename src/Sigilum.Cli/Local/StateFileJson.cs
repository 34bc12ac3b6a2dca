using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sigilum.Cli.Local;

/// <summary>
/// How the CLI writes its own state files under the home (run state, gateway pairing): snake_case like the servers'
/// wire format, indented for people who open them, nulls left out so optional fields stay absent.
/// </summary>
internal static class StateFileJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
