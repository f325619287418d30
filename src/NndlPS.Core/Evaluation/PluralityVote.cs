namespace NndlPS.Core;

/// <summary>
/// Chapter 6's plurality vote, one input at a time: each network of an ensemble casts its answer
/// (<see cref="Prediction.Answer"/>, the answer Test-Network counts), and the class with the most votes is the
/// ensemble's answer. The book's five networks scored 99.60% alone and 99.67% voting together.
/// <para>
/// Ties. The book's ensemble is not in its code, so the rule for a tie is ours, and fixed, so the same networks give
/// the same vote every time:
/// </para>
/// <list type="number">
/// <item>Among the classes with the most votes, the class the networks are together most sure of wins: the largest
/// sum, over every network, of its output activation for that class (added in double, in the networks' order). A single
/// output neuron (two classes, fires for class 1) gives class 1 its outputs' sum Σa and class 0 the rest, N − Σa for N networks.</item>
/// <item>If those sums are equal too, the lowest class wins.</item>
/// </list>
/// <para>
/// So a tie is not decided by which network came first: two networks answering 3 and 5 give 5 when their activations
/// for 5, added, are larger than their activations for 3, added (each network's doubt about the other's class counts).
/// One network is never tied: its vote is its answer.
/// </para>
/// </summary>
public sealed class PluralityVote
{
    private readonly int[] _votes;
    private readonly double[] _sums;

    /// <param name="outputs">The networks' output size: one neuron per class, or 1 for two classes (fires for class 1).</param>
    public PluralityVote(int outputs)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outputs);
        ClassCount = ClassesOf(outputs);
        _votes = new int[ClassCount];
        _sums = new double[outputs];
    }

    /// <summary>The classes a network of <paramref name="outputs"/> output neurons answers: one per neuron, or 2 for a single neuron.</summary>
    public static int ClassesOf(int outputs) => outputs == 1 ? 2 : outputs;

    public int ClassCount { get; }

    /// <summary>The networks that have voted since <see cref="Clear"/>.</summary>
    public int Voters { get; private set; }

    /// <summary>Per class, how many networks answered it.</summary>
    public IReadOnlyList<int> Votes => _votes;

    /// <summary>Per output neuron, its activations summed over the networks that voted (in double, in their order).</summary>
    public IReadOnlyList<double> SummedOutputs => _sums;

    /// <summary>Forgets the votes, for the next input.</summary>
    public void Clear()
    {
        Array.Clear(_votes);
        Array.Clear(_sums);
        Voters = 0;
    }

    /// <summary>One network's vote: its answer for <paramref name="outputs"/> (its output activations), which is returned.</summary>
    public int Cast(ReadOnlySpan<float> outputs)
    {
        if (outputs.Length != _sums.Length)
        {
            throw new ArgumentException($"This vote is among networks of {_sums.Length} output(s); got {outputs.Length}.", nameof(outputs));
        }

        int answer = Prediction.Answer(outputs);
        _votes[answer]++;
        for (int j = 0; j < _sums.Length; j++)
        {
            _sums[j] += outputs[j];
        }

        Voters++;
        return answer;
    }

    /// <summary>The class with the most votes; a tie goes by the rule above (<paramref name="tied"/> says whether it was needed).</summary>
    public int Winner(out bool tied)
    {
        if (Voters == 0)
        {
            throw new InvalidOperationException("No network has voted.");
        }

        int winner = 0, most = _votes[0];
        tied = false;
        for (int c = 1; c < ClassCount; c++)
        {
            if (_votes[c] > most)
            {
                (winner, most, tied) = (c, _votes[c], false);
            }
            else if (_votes[c] == most && most > 0)
            {
                tied = true;
                if (Activation(c) > Activation(winner))
                {
                    winner = c; // rule 1; on equal sums the lower class, found first, stays (rule 2)
                }
            }
        }

        return winner;
    }

    /// <summary>Rule 1's measure of class <paramref name="c"/>: its neuron's summed activations; with a single neuron, Σa for class 1 and N − Σa for class 0.</summary>
    private double Activation(int c) => _sums.Length > 1 ? _sums[c] : c == 1 ? _sums[0] : Voters - _sums[0];
}
