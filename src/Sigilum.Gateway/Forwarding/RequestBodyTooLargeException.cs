namespace Sigilum.Gateway.Forwarding;

/// <summary>
/// Thrown from <see cref="LimitedRequestBody"/> to abort the upstream send; it never leaves the
/// engine (it becomes <see cref="ForwarderError.RequestBodyTooLarge"/>).
/// </summary>
internal sealed class RequestBodyTooLargeException : IOException
{
    public RequestBodyTooLargeException()
        : base("The request body exceeds the configured limit.")
    {
    }

    public RequestBodyTooLargeException(string message)
        : base(message)
    {
    }

    public RequestBodyTooLargeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
