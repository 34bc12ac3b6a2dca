using System.Buffers;
using Sigilum.Protocol.Digests;
using Sigilum.Protocol.Errors;
using Sigilum.Protocol.Identity;
using Sigilum.Protocol.Keys;
using Sigilum.Protocol.StructuredFields;

namespace Sigilum.Protocol.Signatures;

/// <summary>Steps 6–17 of verification: the signed content, the certificate and the signature itself.</summary>
public static partial class RequestVerifier
{
    private static VerificationResult VerifySignedContent(VerifyRequest request, VerifyOptions options, HeaderTable headers, SignatureParams parameters, string signatureHeader)
    {
        // 6. Signature header: exactly sig1=:<canonical base64 of 64 bytes>:.
        var signature = ParseSignatureHeader(signatureHeader);
        if (signature is null)
        {
            return VerificationResult.Fail(ErrorCatalogue.SigSignatureHeaderInvalid, "The signature header must be sig1=:<base64 of a 64-byte Ed25519 signature>:.");
        }

        // 7. Signature base from exactly what was received.
        var signatureBase = SignatureBase.Build(parameters, SignatureParams.TextOf(parameters, headers.Get(SigilumHeaders.SignatureInput)!), request.Method, request.TargetUri, headers.Get);
        if (!signatureBase.IsSuccess)
        {
            return VerificationResult.Fail(signatureBase.Error.Code, signatureBase.Error.Reason);
        }

        // 8–9. Certificate decodes and its self-proof verifies (memoized per exact header text).
        var certificate = VerifiedCertificateCache.ParseAndVerify(headers.Get(SigilumHeaders.AgentCert));
        if (!certificate.IsSuccess)
        {
            return VerificationResult.Fail(certificate.Error.Code, certificate.Error.Reason);
        }
        var cert = certificate.Value;

        // 10. Key header equals the certificate key.
        var keyHeader = headers.Get(SigilumHeaders.AgentKey)?.Trim();
        if (string.IsNullOrEmpty(keyHeader))
        {
            return VerificationResult.Fail(ErrorCatalogue.SigKeyHeaderMissing, "Missing sigilum-agent-key header.");
        }
        if (!string.Equals(keyHeader, cert.PublicKey, StringComparison.Ordinal))
        {
            return VerificationResult.Fail(ErrorCatalogue.SigKeyMismatch, "The sigilum-agent-key header does not match the certificate key.");
        }

        // 11. Namespace header equals the certificate namespace.
        var ns = headers.Get(SigilumHeaders.Namespace)?.Trim();
        if (!string.Equals(ns, cert.Namespace, StringComparison.Ordinal))
        {
            return VerificationResult.Fail(ErrorCatalogue.SigNamespaceMismatch, "The sigilum-namespace header does not match the certificate namespace.");
        }

        // 12. Subject present and covered.
        var subject = headers.Get(SigilumHeaders.Subject)?.Trim();
        if (string.IsNullOrEmpty(subject))
        {
            return VerificationResult.Fail(ErrorCatalogue.SigSubjectMissing, "Missing sigilum-subject header.");
        }
        if (!parameters.Components.Contains(SigilumHeaders.Subject))
        {
            return VerificationResult.Fail(ErrorCatalogue.SigSubjectComponentMissing, "The signature does not cover sigilum-subject.");
        }

        // 13. Exactly one of the profile's component sequences, chosen by the received body.
        var agentId = headers.Get(SigilumHeaders.AgentId)?.Trim();
        var componentError = CheckComponents(parameters.Components, !request.Body.IsEmpty, agentId, options.AllowAgentIdComponent);
        if (componentError is not null)
        {
            return componentError;
        }

        // 14. What the caller expects.
        if (options.ExpectedNamespace is not null && !string.Equals(options.ExpectedNamespace, ns, StringComparison.Ordinal))
        {
            return VerificationResult.Fail(ErrorCatalogue.SigExpectedNamespaceMismatch, "The signed namespace is not the expected namespace.");
        }
        if (options.ExpectedSubject is not null && !string.Equals(options.ExpectedSubject, subject, StringComparison.Ordinal))
        {
            return VerificationResult.Fail(ErrorCatalogue.SigExpectedSubjectMismatch, "The signed subject is not the expected subject.");
        }

        // 15. keyid parameter equals the certificate key id.
        if (!string.Equals(parameters.KeyId, cert.KeyId, StringComparison.Ordinal))
        {
            return VerificationResult.Fail(ErrorCatalogue.SigKeyIdMismatch, "The signature keyid does not match the certificate key id.");
        }

        // 16. Body digest over the bytes actually received (reliability SIG-13).
        if (!request.Body.IsEmpty)
        {
            var digestError = ContentDigest.Verify(headers.Get(SigilumHeaders.ContentDigest), request.Body.Span);
            if (digestError is not null)
            {
                return VerificationResult.Fail(digestError.Code, digestError.Reason);
            }
        }

        // 17. The signature itself.
        if (!AgentKeys.TryParse(keyHeader, out var publicKey))
        {
            return VerificationResult.Fail(ErrorCatalogue.SigKeyHeaderInvalid, "The sigilum-agent-key header is not ed25519:<base64 of 32 bytes>.");
        }
        if (!VerifyBase(publicKey, signatureBase.Value, signature))
        {
            return VerificationResult.Fail(ErrorCatalogue.SigVerificationFailed, "Signature verification failed.");
        }

        // Replay: recorded only now that the request is proven authentic.
        if (options.TryRecordNonce is { } record && !record(cert.Namespace, parameters.Nonce))
        {
            return VerificationResult.Fail(ErrorCatalogue.SigReplayDetected, "Replay detected: this signature nonce was already used.");
        }

        return new VerificationResult
        {
            IsValid = true,
            Namespace = ns,
            Subject = subject,
            KeyId = cert.KeyId,
            PublicKey = cert.PublicKey,
            AgentId = agentId,
            Created = parameters.Created,
            Nonce = parameters.Nonce,
        };
    }

    // The base is public data (no secret to zero): its UTF-8 bytes go into a pooled buffer rather than a new array.
    private static bool VerifyBase(byte[] publicKey, string signatureBase, byte[] signature)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(System.Text.Encoding.UTF8.GetMaxByteCount(signatureBase.Length));
        try
        {
            var length = System.Text.Encoding.UTF8.GetBytes(signatureBase, buffer);
            return Ed25519.Verify(publicKey, buffer.AsSpan(0, length), signature);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static byte[]? ParseSignatureHeader(string header)
    {
        var parsed = StructuredFieldParser.ParseDictionary(header);
        if (!parsed.IsSuccess || parsed.Value.Count != 1)
        {
            return null;
        }
        var member = parsed.Value[0];
        if (member.Key != SigilumHeaders.Label || member.Item is not { Value.Kind: BareItemKind.ByteSequence } item ||
            item.Parameters.Count != 0 || item.Value.Bytes!.Length != Ed25519.SignatureSize)
        {
            return null;
        }
        return item.Value.Bytes;
    }

    private static VerificationResult? CheckComponents(IReadOnlyList<string> components, bool hasBody, string? agentId, bool allowAgentId)
    {
        var coversAgentId = components.Contains(SigilumHeaders.AgentId);
        if (coversAgentId && !allowAgentId)
        {
            return VerificationResult.Fail(ErrorCatalogue.SigSignedComponentsInvalid, "This verifier does not accept the sigilum-agent-id component.");
        }
        if (!coversAgentId && !string.IsNullOrEmpty(agentId))
        {
            // An uncovered agent id could be swapped in transit; when present it must be signed.
            return VerificationResult.Fail(ErrorCatalogue.SigSignedComponentsInvalid, "The sigilum-agent-id header is present but not covered by the signature.");
        }
        var expected = SignatureComponents.For(hasBody, coversAgentId);
        if (!components.SequenceEqual(expected, StringComparer.Ordinal))
        {
            var reason = hasBody && !components.Contains(SigilumHeaders.ContentDigest)
                ? "The request has a body but the signature does not cover content-digest."
                : "The signed components are not the profile's exact sequence for this request.";
            return VerificationResult.Fail(ErrorCatalogue.SigSignedComponentsInvalid, reason);
        }
        return null;
    }
}
