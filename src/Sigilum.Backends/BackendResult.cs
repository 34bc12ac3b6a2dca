namespace Sigilum.Backends;

/// <summary>Either a credential or the reason there is none.</summary>
public readonly record struct BackendResult
{
    private BackendResult(Credential? credential, BackendError? error)
    {
        Credential = credential;
        Error = error;
    }

    public Credential? Credential { get; }

    public BackendError? Error { get; }

    public bool IsSuccess => Credential is not null;

    public static BackendResult Success(Credential credential) => new(credential ?? throw new ArgumentNullException(nameof(credential)), null);

    public static BackendResult Failure(BackendError error) => new(null, error ?? throw new ArgumentNullException(nameof(error)));

    public static implicit operator BackendResult(BackendError error) => Failure(error);
}
