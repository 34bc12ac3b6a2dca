using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using Microsoft.AspNetCore.Http;

namespace Sigilum.Testing.Fakes;

/// <summary>
/// A faithful local AWS for two services on one port (DESIGN §5): Secrets Manager's JSON 1.1 protocol
/// (<c>X-Amz-Target: secretsmanager.GetSecretValue</c>) and STS's query protocol (<c>AssumeRole</c>,
/// <c>AssumeRoleWithWebIdentity</c>, <c>GetCallerIdentity</c>). Every signed call is verified with
/// <see cref="FakeSigV4Verifier"/> (independent recomputation, 5-minute skew, session tokens and their
/// expiry) and failures are answered with the error types the real services use.
/// </summary>
public sealed class FakeAws : IAsyncDisposable
{
    public const string AccountId = "123456789012";
    private static readonly XNamespace Sts = "https://sts.amazonaws.com/doc/2011-06-15/";
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, FakeAwsKey> _keys = new(StringComparer.Ordinal);
    private readonly HashSet<string> _roles = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _webIdentities = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<SecretVersion>> _secrets = new(StringComparer.Ordinal);
    private int _throttle;
    private FakeHost? _host;

    private FakeAws(TimeProvider time, string region)
    {
        _time = time;
        Region = region;
    }

    public string Region { get; }

    public FakeHost Host => _host ?? throw new InvalidOperationException("Start the fake first.");

    public Uri BaseUri => Host.BaseUri;

    /// <summary>Principals that successfully called Secrets Manager, in order (checks which identity was used).</summary>
    public List<string> SecretReaders { get; } = [];

    public int AssumeRoleCalls { get; private set; }

    public static async Task<FakeAws> StartAsync(TimeProvider time, string region = "us-east-1")
    {
        var aws = new FakeAws(time, region);
        aws._host = await FakeHost.StartAsync(aws.HandleAsync);
        return aws;
    }

    public FakeAwsKey AddUser(string name, string accessKeyId, string secretAccessKey)
    {
        var key = new FakeAwsKey(accessKeyId, secretAccessKey, $"arn:aws:iam::{AccountId}:user/{name}");
        lock (_gate)
        {
            _keys[accessKeyId] = key;
        }
        return key;
    }

    public FakeAwsKey? FindKey(string accessKeyId)
    {
        lock (_gate)
        {
            return _keys.GetValueOrDefault(accessKeyId);
        }
    }

    /// <summary>A role anyone with valid keys may assume (the fake does not model trust policies).</summary>
    public string AddRole(string name)
    {
        var arn = $"arn:aws:iam::{AccountId}:role/{name}";
        lock (_gate)
        {
            _roles.Add(arn);
        }
        return arn;
    }

    /// <summary>Lets <paramref name="webIdentityToken"/> assume <paramref name="roleArn"/> with AssumeRoleWithWebIdentity.</summary>
    public void AllowWebIdentity(string roleArn, string webIdentityToken)
    {
        lock (_gate)
        {
            _webIdentities[webIdentityToken] = roleArn;
        }
    }

    /// <summary>Adds a version as AWSCURRENT (the previous current becomes AWSPREVIOUS); returns its VersionId.</summary>
    public string PutSecretString(string name, string value) => Put(name, value, null);

    public string PutSecretBinary(string name, byte[] value) => Put(name, null, value);

    /// <summary>The next <paramref name="count"/> requests are answered with the service's throttling error.</summary>
    public void ThrottleNext(int count)
    {
        lock (_gate)
        {
            _throttle = count;
        }
    }

    private string Put(string name, string? text, byte[]? binary)
    {
        var id = Guid.NewGuid().ToString();
        lock (_gate)
        {
            if (!_secrets.TryGetValue(name, out var versions))
            {
                _secrets[name] = versions = [];
            }
            foreach (var old in versions)
            {
                old.Stages.Remove("AWSPREVIOUS");
                if (old.Stages.Remove("AWSCURRENT"))
                {
                    old.Stages.Add("AWSPREVIOUS");
                }
            }
            versions.Add(new SecretVersion(id, text, binary, ["AWSCURRENT"]));
        }
        return id;
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer);
        var body = buffer.ToArray();
        var target = context.Request.Headers["X-Amz-Target"].ToString();
        bool throttled;
        lock (_gate)
        {
            throttled = _throttle > 0;
            if (throttled)
            {
                _throttle--;
            }
        }
        if (target.Length > 0)
        {
            await SecretsManagerAsync(context, body, target, throttled);
        }
        else
        {
            await StsAsync(context, body, throttled);
        }
    }

    private async Task SecretsManagerAsync(HttpContext context, byte[] body, string target, bool throttled)
    {
        if (throttled)
        {
            await JsonErrorAsync(context, 400, "ThrottlingException", "Rate exceeded");
            return;
        }
        var verdict = FakeSigV4Verifier.Verify(context, body, FindKey, _time.GetUtcNow(), Region, "secretsmanager", out var key);
        if (verdict != SigV4Verdict.Valid)
        {
            var (type, message) = verdict switch
            {
                SigV4Verdict.UnknownAccessKey => ("UnrecognizedClientException", "The security token included in the request is invalid."),
                SigV4Verdict.SignatureExpired => ("InvalidSignatureException", "Signature expired."),
                SigV4Verdict.ExpiredToken => ("ExpiredTokenException", "The security token included in the request is expired"),
                SigV4Verdict.MissingAuthentication => ("MissingAuthenticationTokenException", "Missing Authentication Token"),
                SigV4Verdict.IncompleteSignature => ("IncompleteSignatureException", "Incomplete signature."),
                SigV4Verdict.MissingSessionToken => ("UnrecognizedClientException", "The security token included in the request is invalid."),
                _ => ("InvalidSignatureException", "The request signature we calculated does not match the signature you provided."),
            };
            await JsonErrorAsync(context, 400, type, message);
            return;
        }
        if (target != "secretsmanager.GetSecretValue" || context.Request.ContentType != "application/x-amz-json-1.1")
        {
            await JsonErrorAsync(context, 400, "UnknownOperationException", "Unknown operation.");
            return;
        }
        JsonNode? input;
        try
        {
            input = JsonNode.Parse(body);
        }
        catch (JsonException)
        {
            await JsonErrorAsync(context, 400, "SerializationException", "Bad JSON.");
            return;
        }
        var secretId = input?["SecretId"]?.GetValue<string>() ?? string.Empty;
        var versionId = input?["VersionId"]?.GetValue<string>();
        var stage = input?["VersionStage"]?.GetValue<string>() ?? (versionId is null ? "AWSCURRENT" : null);
        SecretVersion? found = null;
        string name;
        lock (_gate)
        {
            name = secretId.StartsWith("arn:", StringComparison.Ordinal) ? secretId.Split(':')[^1] : secretId;
            var dash = name.LastIndexOf('-');
            if (!_secrets.ContainsKey(name) && secretId.StartsWith("arn:", StringComparison.Ordinal) && dash > 0)
            {
                name = name[..dash];
            }
            if (_secrets.TryGetValue(name, out var versions))
            {
                found = versions.LastOrDefault(v => (versionId is null || v.Id == versionId) && (stage is null || v.Stages.Contains(stage)));
            }
            if (found is not null)
            {
                SecretReaders.Add(key!.PrincipalArn);
            }
        }
        if (found is null)
        {
            await JsonErrorAsync(context, 400, "ResourceNotFoundException", "Secrets Manager can't find the specified secret.");
            return;
        }
        var answer = new JsonObject
        {
            ["ARN"] = $"arn:aws:secretsmanager:{Region}:{AccountId}:secret:{name}-AbCdEf",
            ["Name"] = name,
            ["VersionId"] = found.Id,
            ["VersionStages"] = new JsonArray([.. found.Stages.Select(s => (JsonNode)s)]),
            ["CreatedDate"] = 1.523477145713E9,
        };
        if (found.Text is not null)
        {
            answer["SecretString"] = found.Text;
        }
        else
        {
            answer["SecretBinary"] = Convert.ToBase64String(found.Binary!);
        }
        context.Response.ContentType = "application/x-amz-json-1.1";
        await context.Response.WriteAsync(answer.ToJsonString());
    }

    private async Task StsAsync(HttpContext context, byte[] body, bool throttled)
    {
        // STS throttling is a 400 with code Throttling (reliability §4.4): not an auth failure.
        if (throttled)
        {
            await XmlErrorAsync(context, 400, "Throttling", "Rate exceeded");
            return;
        }
        var form = System.Web.HttpUtility.ParseQueryString(System.Text.Encoding.UTF8.GetString(body));
        var action = form["Action"];
        if (action == "AssumeRoleWithWebIdentity")
        {
            await WebIdentityAsync(context, form);
            return;
        }
        var verdict = FakeSigV4Verifier.Verify(context, body, FindKey, _time.GetUtcNow(), Region, "sts", out var key);
        if (verdict != SigV4Verdict.Valid)
        {
            var (status, code, message) = verdict switch
            {
                SigV4Verdict.UnknownAccessKey or SigV4Verdict.MissingSessionToken => (403, "InvalidClientTokenId", "The security token included in the request is invalid."),
                SigV4Verdict.SignatureExpired => (403, "SignatureDoesNotMatch", "Signature expired."),
                SigV4Verdict.ExpiredToken => (400, "ExpiredToken", "The security token included in the request is expired"),
                SigV4Verdict.MissingAuthentication => (403, "MissingAuthenticationToken", "Request is missing Authentication Token"),
                _ => (403, "SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided."),
            };
            await XmlErrorAsync(context, status, code, message);
            return;
        }
        switch (action)
        {
            case "GetCallerIdentity":
                await XmlAsync(context, new XElement(Sts + "GetCallerIdentityResponse",
                    new XElement(Sts + "GetCallerIdentityResult",
                        new XElement(Sts + "Arn", key!.PrincipalArn),
                        new XElement(Sts + "Account", AccountId))));
                return;
            case "AssumeRole":
                await IssueAsync(context, form, "AssumeRole");
                return;
            default:
                await XmlErrorAsync(context, 400, "InvalidAction", "Could not find operation.");
                return;
        }
    }

    private async Task WebIdentityAsync(HttpContext context, System.Collections.Specialized.NameValueCollection form)
    {
        string? allowed;
        lock (_gate)
        {
            allowed = _webIdentities.GetValueOrDefault(form["WebIdentityToken"] ?? string.Empty);
        }
        if (allowed is null || allowed != form["RoleArn"])
        {
            await XmlErrorAsync(context, 400, "InvalidIdentityToken", "Couldn't retrieve verification key from your identity provider.");
            return;
        }
        await IssueAsync(context, form, "AssumeRoleWithWebIdentity");
    }

    private async Task IssueAsync(HttpContext context, System.Collections.Specialized.NameValueCollection form, string action)
    {
        var roleArn = form["RoleArn"] ?? string.Empty;
        var sessionName = form["RoleSessionName"] ?? string.Empty;
        var duration = int.TryParse(form["DurationSeconds"] ?? "3600", NumberStyles.None, CultureInfo.InvariantCulture, out var d) ? d : -1;
        if (form["Version"] != "2011-06-15" || sessionName.Length is < 2 or > 64 || duration is < 900 or > 43200)
        {
            await XmlErrorAsync(context, 400, "ValidationError", "1 validation error detected.");
            return;
        }
        bool known;
        lock (_gate)
        {
            known = _roles.Contains(roleArn);
        }
        if (!known)
        {
            await XmlErrorAsync(context, 403, "AccessDenied", "Not authorized to perform sts:AssumeRole.");
            return;
        }
        var expiration = _time.GetUtcNow().AddSeconds(duration);
        var issued = new FakeAwsKey(
            "ASIA" + Convert.ToHexString(RandomNumberGenerator.GetBytes(8)),
            Convert.ToBase64String(RandomNumberGenerator.GetBytes(30)),
            roleArn.Replace(":role/", ":assumed-role/", StringComparison.Ordinal) + "/" + sessionName,
            Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)),
            expiration);
        lock (_gate)
        {
            _keys[issued.AccessKeyId] = issued;
            AssumeRoleCalls++;
        }
        await XmlAsync(context, new XElement(Sts + action + "Response",
            new XElement(Sts + action + "Result",
                new XElement(Sts + "Credentials",
                    new XElement(Sts + "AccessKeyId", issued.AccessKeyId),
                    new XElement(Sts + "SecretAccessKey", issued.SecretAccessKey),
                    new XElement(Sts + "SessionToken", issued.SessionToken),
                    new XElement(Sts + "Expiration", expiration.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture))),
                new XElement(Sts + "AssumedRoleUser",
                    new XElement(Sts + "Arn", issued.PrincipalArn),
                    new XElement(Sts + "AssumedRoleId", "AROA" + sessionName))),
            new XElement(Sts + "ResponseMetadata", new XElement(Sts + "RequestId", Guid.NewGuid().ToString()))));
    }

    private static async Task JsonErrorAsync(HttpContext context, int status, string type, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/x-amz-json-1.1";
        await context.Response.WriteAsync(new JsonObject { ["__type"] = type, ["message"] = message }.ToJsonString());
    }

    private static async Task XmlErrorAsync(HttpContext context, int status, string code, string message)
    {
        context.Response.StatusCode = status;
        await XmlAsync(context, new XElement(Sts + "ErrorResponse",
            new XElement(Sts + "Error", new XElement(Sts + "Type", "Sender"), new XElement(Sts + "Code", code), new XElement(Sts + "Message", message)),
            new XElement(Sts + "RequestId", Guid.NewGuid().ToString())));
    }

    private static async Task XmlAsync(HttpContext context, XElement root)
    {
        context.Response.ContentType = "text/xml";
        await context.Response.WriteAsync(root.ToString(SaveOptions.DisableFormatting));
    }

    public async ValueTask DisposeAsync()
    {
        var host = Interlocked.Exchange(ref _host, null);
        if (host is not null)
        {
            await host.DisposeAsync();
        }
    }

    private sealed record SecretVersion(string Id, string? Text, byte[]? Binary, List<string> Stages);
}
