namespace Sigilum.Testing.Fakes;

/// <summary>What <see cref="FakeSigV4Verifier"/> concluded about a request.</summary>
public enum SigV4Verdict
{
    Valid,
    MissingAuthentication,
    IncompleteSignature,
    UnknownAccessKey,
    SignatureMismatch,
    SignatureExpired,
    WrongScope,
    MissingSessionToken,
    ExpiredToken,
}
