namespace Sigilum.Backends.Aws;

/// <summary>The result of signing: the <c>Authorization</c> value plus the intermediate texts (for tests and diagnosis; none is secret).</summary>
internal sealed record SigV4Signature(string Authorization, string Signature, string CanonicalRequest, string StringToSign, string AmzDate);
