using FsCheck;
using FsCheck.Fluent;

namespace Sigilum.Protocol.Audit;

public sealed class AuditChainVerifierPropertyTests
{
    private const int MaxRecords = 6;

    // Built once: the property mutates copies of these bytes.
    private static readonly byte[][] Logs = Enumerable.Range(0, MaxRecords + 1).Select(n => AuditTestLog.Bytes(AuditTestLog.Records(n))).ToArray();

    [Fact]
    public void Verify_AnySingleByteChangeInAnyLine_DetectedAtOrBeforeThatLine()
    {
        var mutations =
            from count in Gen.Choose(1, MaxRecords)
            from line in Gen.Choose(0, count - 1)
            from position in Gen.Choose(0, int.MaxValue)
            from delta in Gen.Choose(1, 255)
            select (count, line, position, delta);

        Prop.ForAll(mutations.ToArbitrary(), m =>
        {
            var (log, lineStart, lineLength) = Locate(Logs[m.count], m.line);
            var index = lineStart + (m.position % lineLength);   // any byte of the line, never its '\n'
            log[index] = (byte)(log[index] + m.delta);         // a different value, possibly '\n'

            var result = AuditChainVerifier.Verify(log);

            return !result.Valid && result.FailedLine <= m.line + 1 && result.RecordsVerified <= m.line;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(2000));
    }

    [Fact]
    public void Verify_EveryBytePositionFlipped_DetectedAtThatLine()
    {
        // Exhaustive over positions for one small log, with a few flips per byte; complements the
        // random property above.
        var original = Logs[3];
        var lineOf = LineNumbers(original);
        foreach (var flip in new byte[] { 0x01, 0x20, 0x80 })
        {
            for (var i = 0; i < original.Length; i++)
            {
                if (original[i] == (byte)'\n')
                {
                    continue;
                }
                var log = (byte[])original.Clone();
                log[i] ^= flip;

                var result = AuditChainVerifier.Verify(log);

                Assert.False(result.Valid, $"flip 0x{flip:x2} at byte {i} went undetected");
                Assert.True(result.FailedLine <= lineOf[i], $"flip at byte {i} (line {lineOf[i]}) reported at line {result.FailedLine}");
            }
        }
    }

    private static (byte[] Log, int Start, int Length) Locate(byte[] original, int line)
    {
        var start = 0;
        for (var i = 0; i < line; i++)
        {
            start = Array.IndexOf(original, (byte)'\n', start) + 1;
        }
        var end = Array.IndexOf(original, (byte)'\n', start);
        return ((byte[])original.Clone(), start, end - start);
    }

    private static int[] LineNumbers(byte[] log)
    {
        var numbers = new int[log.Length];
        var line = 1;
        for (var i = 0; i < log.Length; i++)
        {
            numbers[i] = line;
            if (log[i] == (byte)'\n')
            {
                line++;
            }
        }
        return numbers;
    }
}
