using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Sigilum.Gateway.Diagnostics;

namespace Sigilum.Gateway.Connections;

/// <summary>
/// Reads an admin JSON body inside the endpoint (never by parameter binding, so the admin access filter
/// always runs first and malformed JSON gets our envelope), up to a size cap, into one buffer that is
/// zeroed afterwards: these bodies carry secrets.
/// </summary>
internal static class AdminJsonBody
{
    /// <summary>The body as <typeparamref name="T"/>; an empty body reads as a new <typeparamref name="T"/>.</summary>
    public static async Task<AdminOutcome<T>> ReadAsync<T>(HttpContext context, int limit)
        where T : class, new()
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Request.ContentLength > limit)
        {
            return ConnectionErrors.BodyTooLarge(limit);
        }
        var buffer = new byte[Math.Min(limit + 1, (int?)context.Request.ContentLength + 1 ?? 16 * 1024)];
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (length > limit)
                    {
                        return ConnectionErrors.BodyTooLarge(limit);
                    }
                    var larger = new byte[Math.Min(limit + 1, buffer.Length * 2)];
                    buffer.AsSpan(0, length).CopyTo(larger);
                    CryptographicOperations.ZeroMemory(buffer);
                    buffer = larger;
                }
                var read = await context.Request.Body.ReadAsync(buffer.AsMemory(length), context.RequestAborted);
                if (read == 0)
                {
                    break;
                }
                length += read;
            }
            if (length > limit)
            {
                return ConnectionErrors.BodyTooLarge(limit);
            }
            if (SecretBytes.Trim(buffer.AsSpan(0, length)).IsEmpty)
            {
                return AdminOutcome<T>.Ok(new T());
            }
            try
            {
                return JsonSerializer.Deserialize<T>(buffer.AsSpan(0, length), GatewayJson.Options) is { } value
                    ? AdminOutcome<T>.Ok(value)
                    : ConnectionErrors.InvalidJson();
            }
            catch (JsonException)
            {
                return ConnectionErrors.InvalidJson();
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(buffer);
        }
    }
}
