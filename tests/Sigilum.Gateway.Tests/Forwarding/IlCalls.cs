using System.Reflection;
using System.Reflection.Emit;

namespace Sigilum.Gateway.Forwarding;

/// <summary>
/// Lists the methods a method's IL calls (call, callvirt, newobj, ldftn), for the banned-API test of the
/// release path (reliability MEM-02). Lambdas and async state machines are compiler-generated nested
/// types, so <see cref="CalledBy"/> walks those too.
/// </summary>
internal static class IlCalls
{
    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    /// <summary>Every method called from <paramref name="type"/> and the types nested in it (closures, state machines).</summary>
    public static IEnumerable<(string Caller, MethodBase Called)> CalledBy(Type type)
    {
        const BindingFlags All = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        foreach (var method in type.GetMethods(All).Cast<MethodBase>().Concat(type.GetConstructors(All)))
        {
            foreach (var called in Calls(method))
            {
                yield return ($"{type.Name}.{method.Name}", called);
            }
        }
        foreach (var nested in type.GetNestedTypes(BindingFlags.NonPublic | BindingFlags.Public))
        {
            foreach (var call in CalledBy(nested))
            {
                yield return call;
            }
        }
    }

    private static IEnumerable<MethodBase> Calls(MethodBase method)
    {
        var il = method.GetMethodBody()?.GetILAsByteArray();
        if (il is null)
        {
            yield break;
        }
        var at = 0;
        while (at < il.Length)
        {
            short value = il[at];
            at++;
            if (value == 0xFE)
            {
                value = (short)(0xFE00 | il[at]);
                at++;
            }
            var opCode = OpCodesByValue[value];
            var operandSize = OperandSize(opCode, il, at);
            if (opCode.OperandType == OperandType.InlineMethod)
            {
                var token = BitConverter.ToInt32(il, at);
                MethodBase? called = null;
                try
                {
                    called = method.Module.ResolveMethod(token, method.DeclaringType?.GetGenericArguments(), method.IsGenericMethod ? method.GetGenericArguments() : null);
                }
                catch (Exception ex) when (ex is ArgumentException or BadImageFormatException)
                {
                    // A generic context we cannot supply: the call is still listed by name below when resolvable.
                }
                if (called is not null)
                {
                    yield return called;
                }
            }
            at += operandSize;
        }
    }

    private static int OperandSize(OpCode opCode, byte[] il, int at) => opCode.OperandType switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        OperandType.InlineSwitch => 4 + (4 * BitConverter.ToInt32(il, at)),
        _ => 4,
    };
}
