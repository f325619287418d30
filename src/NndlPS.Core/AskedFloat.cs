using System.Globalization;

namespace NndlPS.Core;

/// <summary>
/// A number as the user gave it (a cmdlet's double, a sweep grid's value, layer text) beside the float the engine
/// keeps it as. Rounding to a float can carry a number across a bound its check needs: 1e-50 is 0, 0.99999999999 is 1,
/// 1e39 is ∞. Bound as floats by PowerShell, that rounding was unseen: -Lambda 1e-50 trained with no L2 at all, and
/// -LearningRate 1e-50 was refused as "got 0", a number never typed. Checks made here see both numbers, and quote
/// the one the user gave.
/// </summary>
public readonly record struct AskedFloat
{
    /// <summary>
    /// A number given as a double; quoted as the shortest text that reads back as it (1E-50), or, when it is a float's
    /// value exactly (a float passed on, such as a sweep result's LearningRate), as that float's (-0.1, not
    /// -0.10000000149011612).
    /// </summary>
    public AskedFloat(double asked)
        : this(asked, (float)asked, (double)(float)asked == asked ? ((float)asked).ToString("R", CultureInfo.InvariantCulture) : asked.ToString("R", CultureInfo.InvariantCulture))
    {
    }

    /// <param name="asked">The number as given.</param>
    /// <param name="value">Its float, when the caller parsed it as one from the text (rounding once, not twice through a double).</param>
    /// <param name="typed">The number as the user wrote it, for messages.</param>
    public AskedFloat(double asked, float value, string typed)
    {
        Asked = asked;
        Value = value == 0 ? 0 : value; // -0 (-Dropout -0.0, -1e-50) showed as "-0"
        Typed = typed;
    }

    /// <summary>The number as given.</summary>
    public double Asked { get; }

    /// <summary>The float kept: the nearest to <see cref="Asked"/>, and 0 for ±0.</summary>
    public float Value { get; }

    /// <summary>The number as the user wrote it.</summary>
    public string Typed { get; }

    /// <summary>A positive number that is 0 as a float (1e-50): the option it sets would silently be off.</summary>
    public bool LostToZero => Value == 0 && Asked > 0;

    // Where rounding carried the number across 0, 1 or to infinity, so a check of the float would name a number the
    // user never gave. (A negative one that is -0 as a float is out of a non-negative range as given: quoted alone.)
    private bool Crossed => LostToZero || (Asked < 1 && Value >= 1) || (double.IsFinite(Asked) && float.IsInfinity(Value));

    /// <summary>For a message's "got …": the number as given, and its float where rounding crossed a bound ("0.99999999999 (1 as a float)").</summary>
    public string Got => Crossed ? WithFloat : Typed;

    /// <summary>The number as given, and its float whenever the two read differently ("2.99999999 (3 as a float)").</summary>
    public string WithFloat => FloatText == Typed ? Typed : $"{Typed} ({FloatText} as a float)";

    /// <summary>The float kept, as the shortest text that reads back as it, in the invariant culture.</summary>
    public string FloatText => Value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>
    /// The refusal of a number that is <see cref="LostToZero"/>, in one wording for every option whose 0 means none:
    /// "<paramref name="what"/> 1E-50 is 0 as a float, so <paramref name="effect"/>. Give 0 for <paramref name="none"/>, or <paramref name="advice"/>."
    /// </summary>
    public NndlException ZeroRefusal(string errorId, string what, string effect, string none, string advice, string? target = null) =>
        new(errorId, NndlErrorKind.InvalidArgument, $"{what} {Typed} is 0 as a float, so {effect}. Give 0 for {none}, or {advice}.", target);
}
