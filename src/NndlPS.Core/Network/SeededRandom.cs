namespace NndlPS.Core;

/// <summary>
/// The seeded generator behind every run (initial weights, shuffles): the same seed always gives the same numbers,
/// and every seed its own. .NET's <c>new Random(seed)</c> starts from |seed|, so seeds s and −s gave the same run.
/// Seeds ≥ 0 keep that generator, so every run published so far repeats; negative seeds get a SplitMix64 stream of
/// their own (Steele, Lea and Flood, "Fast splittable pseudorandom number generators", 2014).
/// </summary>
internal static class SeededRandom
{
    public static Random Create(int seed) => seed >= 0 ? new Random(seed) : new SplitMix64(seed);

    /// <summary>Overrides every method the engine uses, so none falls back to the base class's own state.</summary>
    private sealed class SplitMix64(int seed) : Random
    {
        private ulong _state = unchecked((ulong)(long)seed);

        public override int Next() => (int)(NextBits() >> 33);

        public override int Next(int maxValue)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(maxValue);
            return (int)(Sample() * maxValue);
        }

        public override int Next(int minValue, int maxValue)
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThan(minValue, maxValue);
            return (int)(minValue + (long)(Sample() * ((long)maxValue - minValue)));
        }

        public override double NextDouble() => Sample();

        protected override double Sample() => (NextBits() >> 11) * (1.0 / (1UL << 53));

        private ulong NextBits()
        {
            ulong z = _state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }
}
