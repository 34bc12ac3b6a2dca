using Sigilum.LoadKit.Probes;
using Sigilum.VaultLoad;

// benchmarks/vault-load.sh drives this tool: an HTTPS upstream, an attestation issuer key and a closed-loop
// HTTPS load generator that can go through an HTTP proxy (CONNECT) and add a fresh attestation per request.
if (ProbeCommand.TryRun(args, Console.Out, Console.Error, out var probeExit))
{
    return probeExit;
}
return args.Length == 0 ? Usage() : args[0] switch
{
    "keygen" => IssuerKey.Generate(Arguments.Parse(args[1..])),
    "upstream" => await Upstream.RunAsync(Arguments.Parse(args[1..])),
    "load" => await LoadRunner.RunAsync(Arguments.Parse(args[1..])),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("""
        usage:
          vaultload keygen --dir DIR                       issuer.seed + issuer.jwk; prints: <kid> <fingerprint>
          vaultload upstream --port P --cert-dir DIR       HTTPS on 127.0.0.1:P for 'localhost'; writes DIR/upstream-ca.pem
          vaultload load --url URL --ca FILE [--proxy URL] [--token T] [--concurrency N] [--duration S] [--warmup S]
                         [--attest-dir DIR --kid K --issuer ISS --audience AUD --agent-id AGT] [--label L] [--http-version 2]
                         [--cpu-pid NAME=PID]...   CPU of that process (tree) over the measured window, µs per request
        """ + Environment.NewLine + ProbeCommand.UsageFor("vaultload"));
    return 2;
}
