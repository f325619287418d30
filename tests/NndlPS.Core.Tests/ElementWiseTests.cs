using System.Numerics.Tensors;
using NndlPS.Core.Kernels;

namespace NndlPS.Core.Tests;

/// <summary>The element-wise operations that replaced library calls on the hot path give the library's bits.</summary>
public class ElementWiseTests
{
    public static TheoryData<int> Lengths() => new(Enumerable.Range(0, 70).Concat([100, 255, 256, 257, 300, 1001]));

    private static float[] Values(int length, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, length).Select(_ => (float)((random.NextDouble() * 2 - 1) * Math.Pow(10, random.Next(-8, 8)))).ToArray();
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Subtract_gives_the_bits_TensorPrimitives_gives(int length)
    {
        float[] x = Values(length, 1), y = Values(length, 2);
        float[] expected = new float[length], actual = new float[length];
        TensorPrimitives.Subtract(x, y, expected);
        NndlPS.Core.Kernels.ElementWise.Subtract(x, y, actual);
        Assert.Equal(expected, actual);
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void ReLU_derivative_keeps_the_error_exactly_where_z_is_above_zero_and_zeroes_it_elsewhere(int length)
    {
        // Signed zeros, NaN and infinities among the z, so the vector part and the scalar tail must agree on each.
        float[] special = [0f, -0f, float.NaN, float.PositiveInfinity, float.NegativeInfinity, float.Epsilon, -float.Epsilon];
        float[] z = Values(length, 5).Select((v, i) => i % 5 == 0 ? special[i / 5 % special.Length] : v).ToArray();
        float[] delta = Values(length, 6).Select((v, i) => i % 7 == 3 ? -0f : v).ToArray();
        float[] expected = delta.Select((d, i) => z[i] > 0 ? d : 0f).ToArray();
        ReLUActivation.Instance.MultiplyByDerivative(z, new float[length], delta, neurons: Math.Max(1, length));
        Assert.Equal(expected.Select(BitConverter.SingleToInt32Bits), delta.Select(BitConverter.SingleToInt32Bits));
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void MultiplyAdd_gives_the_bits_TensorPrimitives_gives_in_place_too(int length)
    {
        float[] x = Values(length, 3), addend = Values(length, 4);
        float multiplier = -0.3f / 7;
        float[] expected = (float[])addend.Clone(), actual = (float[])addend.Clone();
        TensorPrimitives.MultiplyAdd(x, multiplier, expected, expected);
        NndlPS.Core.Kernels.ElementWise.MultiplyAdd(x, multiplier, actual, actual);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Mismatched_lengths_are_refused()
    {
        Assert.ThrowsAny<ArgumentException>(() => NndlPS.Core.Kernels.ElementWise.Subtract(new float[3], new float[2], new float[3]));
        Assert.ThrowsAny<ArgumentException>(() => NndlPS.Core.Kernels.ElementWise.MultiplyAdd(new float[3], 1f, new float[3], new float[2]));
    }
}
