using System.Globalization;
using System.Management.Automation;
using NndlPS.Core;

namespace NndlPS.Commands;

[Cmdlet(VerbsLifecycle.Invoke, "GradientDescent")]
[OutputType(typeof(GradientDescentStep))]
public sealed class InvokeGradientDescentCommand : NndlCmdlet
{
    [Parameter(Mandatory = true, Position = 0)]
    public ScriptBlock Cost { get; set; } = null!;

    [Parameter(Mandatory = true)]
    [ValidateCount(1, 1000)]
    public double[] Start { get; set; } = [];

    [Parameter]
    public double LearningRate { get; set; } = 0.1;

    [Parameter]
    [ValidateRange(0, 1_000_000)]
    [WholeNumber]
    public int Steps { get; set; } = 50;

    [Parameter]
    public ScriptBlock? Gradient { get; set; }

    protected override void EndProcessing()
    {
        Func<double[], double[]>? gradient = Gradient is null ? null : v => Call(Gradient, "-Gradient", v).Select(o => ToDouble(o, "-Gradient")).ToArray();
        IEnumerable<GradientDescentStep> path = Invoke(() => GradientDescent.Minimise(v => CallCost(v), Start, LearningRate, Steps, gradient));
        using IEnumerator<GradientDescentStep> steps = path.GetEnumerator();
        GradientDescentStep? last = null;
        while (Invoke(() => steps.MoveNext()))
        {
            last = steps.Current;
            WriteObject(last);
        }

        if (last is not null && !double.IsFinite(last.C))
        {
            WriteWarning(string.Create(CultureInfo.InvariantCulture,
                $"The cost became {last.C} at step {last.Step}: a learning rate of {LearningRate} overshoots this valley. Try a smaller -LearningRate."));
        }
    }

    private double CallCost(double[] v)
    {
        List<object?> output = Call(Cost, "-Cost", v);
        if (output.Count != 1)
        {
            throw new NndlException("CostNotANumber", NndlErrorKind.InvalidArgument,
                $"-Cost must return one number for each point; it returned {output.Count} values at ({Format(v)}).");
        }

        return ToDouble(output[0], "-Cost");
    }

    private static List<object?> Call(ScriptBlock block, string name, double[] v)
    {
        try
        {
            return block.Invoke(v.Cast<object>().ToArray()).Select(o => o?.BaseObject).ToList();
        }
        catch (RuntimeException ex)
        {
            throw new NndlException(name == "-Cost" ? "CostFailed" : "GradientFailed", NndlErrorKind.OperationFailed,
                $"The {name} scriptblock failed at ({Format(v)}): {ex.Message}", inner: ex);
        }
    }

    private static double ToDouble(object? value, string name)
    {
        try
        {
            return LanguagePrimitives.ConvertTo<double>(value);
        }
        catch (PSInvalidCastException)
        {
            throw new NndlException("CostNotANumber", NndlErrorKind.InvalidArgument,
                $"{name} must return numbers; it returned '{value}'.");
        }
    }

    private static string Format(double[] v) => string.Join(", ", v.Select(x => x.ToString("G6", CultureInfo.InvariantCulture)));
}
