namespace NndlPS.Core;

/// <summary>
/// Standard normal N(0, 1) samples from a seeded <see cref="Random"/> (Box–Muller), so the same seed gives
/// the same network on every machine and runtime. Each network build owns its own sampler: no shared state.
/// </summary>
internal sealed class GaussianSampler(Random random)
{
    private float? _spare;

    public float Next()
    {
        if (_spare is float spare)
        {
            _spare = null;
            return spare;
        }

        double u1 = 1.0 - random.NextDouble(); // in (0, 1], so the logarithm is finite
        double u2 = random.NextDouble();
        double radius = Math.Sqrt(-2.0 * Math.Log(u1));
        _spare = (float)(radius * Math.Sin(2 * Math.PI * u2));
        return (float)(radius * Math.Cos(2 * Math.PI * u2));
    }

    public void Fill(Span<float> values)
    {
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = Next();
        }
    }
}
