using System.Globalization;
using System.ComponentModel;

namespace NndlPS.Core;

/// <summary>
/// The hyper-parameters of network.py's and network2.py's <c>SGD</c>, with the book's chapter-1 defaults: the one
/// source of those defaults for the engine and the cmdlets.
/// </summary>
public sealed record SgdOptions
{
    public int Epochs { get; init; } = 30;

    /// <summary>
    /// Most epochs of one training, for -Epochs, a sweep grid's Epochs and a transferred run alike. A sweep keeps a
    /// record of every epoch of every run: a grid's 2,000,000,000 epochs filled memory instead of finishing.
    /// </summary>
    public const int MaxEpochs = 1_000_000;

    public int MiniBatchSize { get; init; } = 10;

    /// <summary>η, the learning rate.</summary>
    public float LearningRate { get; init; } = BookLearningRate;

    /// <summary>The book's η for its chapter-1 network; messages that advise a learning rate name this one.</summary>
    public const float BookLearningRate = 3.0f;

    /// <summary><see cref="BookLearningRate"/> as PowerShell reads a number, whatever the culture: "3.0".</summary>
    public static string BookLearningRateText => BookLearningRate.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Seeds the shuffle of each epoch; null picks one (and reports it in every <see cref="EpochResult"/>).</summary>
    public int? Seed { get; init; }

    /// <summary>λ, chapter 3's L2 regularisation parameter: w → (1 − ηλ/n) w − … . 0 (the default) is none.</summary>
    public float Lambda { get; init; }

    /// <summary>μ, chapter 3's momentum coefficient in [0, 1): v → μv − η∇C, w → w + v. 0 (the default) is plain gradient descent.</summary>
    public float Momentum { get; init; }

    public LearningRateSchedule LearningRateSchedule { get; init; } = LearningRateSchedule.Constant;

    /// <summary>
    /// Epochs without a better validation accuracy before <see cref="LearningRateSchedule.HalveOnPlateau"/> halves η;
    /// null means the book's no-improvement-in-10 (<see cref="BookPatience"/>). Only the schedule reads it, so
    /// giving it without the schedule is refused (ParameterHasNoEffect).
    /// </summary>
    [DefaultValue(BookPatience)]
    public int? Patience { get; init; }

    /// <summary>network2.py's "no-improvement-in-10": the schedule's patience when none is given.</summary>
    public const int BookPatience = 10;

    /// <summary>The patience the schedule uses: <see cref="Patience"/> or <see cref="BookPatience"/>.</summary>
    public int PlateauPatience => Patience ?? BookPatience;

    /// <summary>The schedule stops training once η falls below this; null means η/128, as in the book.</summary>
    public float? MinimumLearningRate { get; init; }

    /// <summary>The η below which <see cref="LearningRateSchedule.HalveOnPlateau"/> stops: <see cref="MinimumLearningRate"/> or η/128.</summary>
    public float StopBelowLearningRate => MinimumLearningRate ?? (LearningRate / 128);

    /// <summary>Stop after this many epochs without a better validation accuracy, back at the best epoch's weights; null never stops early.</summary>
    public int? EarlyStopping { get; init; }

    /// <summary>Which of network2.py's four series each epoch measures.</summary>
    public MonitorSeries Monitor { get; init; }

    /// <summary>Whether training needs a validation set each epoch.</summary>
    public bool WatchesValidation => LearningRateSchedule != LearningRateSchedule.Constant || EarlyStopping is not null;

    /// <summary>Cores for large matrix products; null means all. Results are the same for any number.</summary>
    public int? Threads { get; init; }

    /// <summary>
    /// When training ends, or is stopped, set the network back to the weights of the epoch with the best test
    /// accuracy (the earliest of equals). Needs test data.
    /// </summary>
    public bool KeepBest { get; init; }

    /// <summary>The number of threads to use: <see cref="Threads"/>, or every core.</summary>
    public int ThreadCount => Cores.Or(Threads);

    /// <exception cref="NndlException">A value is out of range.</exception>
    public void Validate() => Validate(learningRate: null, minimumLearningRate: null, defaultLearningRate: false);

    /// <inheritdoc cref="Validate()"/>
    /// <param name="learningRate">η as the user gave it, when the caller has it (a sweep grid's number), for the floor's refusal to quote; else the float held.</param>
    /// <param name="minimumLearningRate">The floor as the user gave it, likewise.</param>
    /// <param name="defaultLearningRate">Whether η is the default, which the floor's refusal then says it is.</param>
    internal void Validate(AskedFloat? learningRate, AskedFloat? minimumLearningRate, bool defaultLearningRate)
    {
        if (Epochs is < 1 or > MaxEpochs)
        {
            throw Invalid("InvalidEpochs", string.Create(CultureInfo.InvariantCulture, $"Epochs must be from 1 to {MaxEpochs:N0}; got {Epochs:N0}."));
        }

        if (MiniBatchSize < 1)
        {
            throw Invalid("InvalidMiniBatchSize", $"The mini-batch size must be at least 1; got {MiniBatchSize}.");
        }

        if (Threads is < 1 or > 1024)
        {
            throw Invalid("InvalidThreads", $"Threads must be between 1 and 1024; got {Threads}.");
        }

        LearningRateOf(Held(LearningRate));
        LambdaOf(Held(Lambda));
        MomentumOf(Held(Momentum));

        if (Patience is < 1)
        {
            throw Invalid("InvalidPatience", $"The patience must be at least 1 epoch; got {Patience}.");
        }

        if (MinimumLearningRate is float floor)
        {
            MinimumLearningRateOf(Held(floor));
        }

        if (KeepBest && EarlyStopping is not null)
        {
            throw Invalid("KeepBestWithEarlyStopping",
                "-KeepBest (the best epoch on the test data) and -EarlyStopping (the best epoch on the validation data) would each put back a different epoch's weights. Use one: -EarlyStopping, as the book does, or -KeepBest with -TestData $data.Validation.");
        }

        if (EarlyStopping is < 1)
        {
            throw Invalid("InvalidEarlyStopping", $"Early stopping needs at least 1 epoch without improvement; got {EarlyStopping}.");
        }

        if (LearningRateSchedule != LearningRateSchedule.HalveOnPlateau)
        {
            string earlyStopping = EarlyStopping is null ? string.Empty
                : " (-EarlyStopping counts its own epochs: -EarlyStopping n stops after n epochs without a better validation accuracy)";
            if (Patience is not null)
            {
                throw NoEffect(nameof(Patience),
                    $"-Patience is how many epochs -LearningRateSchedule HalveOnPlateau waits before halving η, and the schedule is {LearningRateSchedule}{earlyStopping}. Add -LearningRateSchedule HalveOnPlateau, or leave -Patience out.");
            }

            if (MinimumLearningRate is not null)
            {
                throw NoEffect(nameof(MinimumLearningRate),
                    $"-MinimumLearningRate is the η below which -LearningRateSchedule HalveOnPlateau stops training, and the schedule is {LearningRateSchedule}: η never changes. Add -LearningRateSchedule HalveOnPlateau, or leave -MinimumLearningRate out.");
            }
        }

        // After the schedule's check: a floor without the schedule that reads it is refused as having no effect,
        // whatever its value, as the help says. Checked as the floats held, quoted as given where the caller has that.
        if (MinimumLearningRate is float minimum && !(minimum < LearningRate))
        {
            throw InvalidMinimumLearningRate(minimumLearningRate ?? Held(minimum), learningRate ?? Held(LearningRate), learningRateGiven: !defaultLearningRate);
        }
    }

    /// <summary>
    /// Checks the options against the sets training is given: each set an option needs is there, and no set is given
    /// that nothing would read.
    /// </summary>
    /// <exception cref="NndlException">ValidationDataRequired, KeepBestNeedsTestData, ParameterHasNoEffect.</exception>
    /// <param name="hasTestData">Whether a test set is given.</param>
    /// <param name="validationData">The validation set, if any.</param>
    /// <param name="takesValidationData">Whether the caller has -ValidationData to name (a sweep has not).</param>
    public void ValidateData(bool hasTestData, ImageSet? validationData, bool takesValidationData = true)
    {
        if (WatchesValidation && (validationData is null || validationData.Count == 0))
        {
            throw Invalid("ValidationDataRequired",
                "A learning-rate schedule and early stopping watch the accuracy on a validation set, and none was given. Pipe a dataset whose " +
                $"Validation set is not empty (Import-Mnist keeps 10,000 images by default){(takesValidationData ? ", or pass -ValidationData" : "")}.");
        }

        if (!WatchesValidation && validationData is not null)
        {
            throw NoEffect("ValidationData",
                "-ValidationData is watched only by -LearningRateSchedule HalveOnPlateau and -EarlyStopping, and neither was given. Add one of them, or leave -ValidationData out (to measure the validation set every epoch, give it as -TestData).");
        }

        if (KeepBest && !hasTestData)
        {
            throw Invalid("KeepBestNeedsTestData",
                "-KeepBest keeps the epoch with the best test accuracy, so it needs test data: give -TestData (or pipe a dataset, whose Test set is used).");
        }

        MonitorSeries evaluation = Monitor & (MonitorSeries.EvaluationCost | MonitorSeries.EvaluationAccuracy);
        if (evaluation != MonitorSeries.None && !hasTestData)
        {
            throw NoEffect(nameof(Monitor),
                $"-Monitor {evaluation} measures the test data (network2.py's evaluation data), and none was given. Give -TestData (or pipe a dataset, whose Test set is used), or monitor only TrainingCost and TrainingAccuracy.");
        }
    }

    private static NndlException Invalid(string id, string message) => new(id, NndlErrorKind.InvalidArgument, message);

    // The four options a user gives as numbers and training keeps as floats are checked as given (a cmdlet's double,
    // a sweep grid's value) by the *Of methods, and as held by Validate, in the same words: bound as floats by
    // PowerShell, -Lambda 1e-50 was 0 and trained with no L2, -LearningRate 1e-50 was refused as "got 0".

    /// <summary>η as given, as the float training keeps; refused when it is not positive, as given or as that float (1e-50 is 0).</summary>
    /// <exception cref="NndlException">InvalidLearningRate.</exception>
    public static float LearningRateOf(double learningRate) => LearningRateOf(new AskedFloat(learningRate));

    /// <summary>λ as given, as the float training keeps; refused when negative, or positive but 0 as a float (no L2, unasked).</summary>
    /// <exception cref="NndlException">InvalidLambda.</exception>
    public static float LambdaOf(double lambda) => LambdaOf(new AskedFloat(lambda));

    /// <summary>μ as given, as the float training keeps; refused outside [0, 1), as given or as that float (0.99999999999 is 1), or positive but 0 as a float.</summary>
    /// <exception cref="NndlException">InvalidMomentum.</exception>
    public static float MomentumOf(double momentum) => MomentumOf(new AskedFloat(momentum));

    /// <summary>The schedule's floor as given, as the float training keeps; refused when not positive, as given or as that float. (Below η: <see cref="Validate()"/>.)</summary>
    /// <exception cref="NndlException">InvalidMinimumLearningRate.</exception>
    public static float MinimumLearningRateOf(double minimum) => MinimumLearningRateOf(new AskedFloat(minimum));

    /// <summary>
    /// The schedule's floor as given, with η as given: refused also when it is not below η as the floats training keeps,
    /// quoting both as given (2.99999999 is 3 as a float, which is not below an η of 3; Validate, seeing only the floats,
    /// said "got 3").
    /// </summary>
    /// <exception cref="NndlException">InvalidMinimumLearningRate.</exception>
    /// <param name="minimum">The floor as given.</param>
    /// <param name="learningRate">η as given, or the default.</param>
    /// <param name="learningRateGiven">False for the default η, which the message then says it is.</param>
    public static float MinimumLearningRateOf(double minimum, double learningRate, bool learningRateGiven)
    {
        AskedFloat floor = new(minimum), eta = new(learningRate);
        float kept = MinimumLearningRateOf(floor);
        return kept < eta.Value ? kept : throw InvalidMinimumLearningRate(floor, eta, learningRateGiven);
    }

    // An option the options already hold: quoted as that float.
    private static AskedFloat Held(float value) => new(value, value, value.ToString(System.Globalization.CultureInfo.InvariantCulture));

    // Said after "got …" of a number a float makes infinite (1e39), and only then.
    private static string BeyondFloat(AskedFloat number) =>
        float.IsInfinity(number.Value) && double.IsFinite(number.Asked) ? " A float holds at most 3.4028235E+38." : string.Empty;

    private static float LearningRateOf(AskedFloat eta) =>
        eta.Value > 0 && float.IsFinite(eta.Value) ? eta.Value
        : throw Invalid("InvalidLearningRate", $"The learning rate must be a positive number (the book uses {BookLearningRateText}); got {eta.Got}.{BeyondFloat(eta)}");

    private static float LambdaOf(AskedFloat lambda) =>
        lambda.LostToZero ? throw lambda.ZeroRefusal("InvalidLambda", "λ", "training would have no L2 regularisation", "none", "a λ a float holds (the book uses 5.0 with 50,000 images)")
        : lambda.Asked >= 0 && float.IsFinite(lambda.Value) ? lambda.Value
        : throw Invalid("InvalidLambda", $"The regularisation parameter λ must be zero or positive (the book uses 5.0 with 50,000 images); got {lambda.Got}.{BeyondFloat(lambda)}");

    private static float MomentumOf(AskedFloat momentum) =>
        momentum.LostToZero ? throw momentum.ZeroRefusal("InvalidMomentum", "μ", "training would have no momentum", "plain gradient descent", "a μ a float holds (0.9 is common)")
        : momentum.Asked >= 0 && momentum.Value < 1 ? momentum.Value
        : throw Invalid("InvalidMomentum", $"The momentum coefficient μ must be at least 0 and below 1 (0.9 is common); got {momentum.Got}.");

    private static float MinimumLearningRateOf(AskedFloat minimum) =>
        minimum.Value > 0 && float.IsFinite(minimum.Value) ? minimum.Value
        : throw Invalid("InvalidMinimumLearningRate", $"The minimum learning rate must be positive and below the learning rate; got {minimum.Got}.{BeyondFloat(minimum)}");

    // Not below η as floats: both as given, each with its float where that reads otherwise, in the invariant culture
    // (η in the current culture beside an invariant "got" read "0,05; got 0.1").
    private static NndlException InvalidMinimumLearningRate(AskedFloat minimum, AskedFloat learningRate, bool learningRateGiven) =>
        Invalid("InvalidMinimumLearningRate",
            $"The minimum learning rate must be positive and below the learning rate {learningRate.WithFloat}{(learningRateGiven ? "" : " (the default η)")}, as the floats training keeps; got {minimum.WithFloat}. Give a floor below η, e.g. η/100.");

    /// <summary>An option given that nothing would read: refused rather than ignored, naming what it needs.</summary>
    private static NndlException NoEffect(string parameter, string message) => new("ParameterHasNoEffect", NndlErrorKind.InvalidArgument, message, parameter);
}
