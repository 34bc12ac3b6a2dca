namespace Sigilum.Vault.Http;

internal enum BodyKind
{
    None,
    Length,
    Chunked,
    UntilClose,
}
