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
/// output neuron (two classes, fires for class 1) gives class 1 its output a and class 0 the rest, 1 − a.</item>
/// <item>If those sums are equal too, the lowest class wins.</item>
/// </list>
/// <para>
/// So a tie is not decided by which network came first: two networks answering 3 and 5 give 5 when the second is
/// surer of 5 than the first is of 3 (counting each one's doubt about the other's class). One network is never tied:
/// its vote is its answer.
/// </para>
/// </summary>
public sealed class PluralityVote
{
    private readonly int[] _votes;
    private readonly double[] _activations;
    private readonly int _outputs;

    /// <param name="outputs">The networks' output size: one neuron per class, or 1 for two classes (fires for class 1).</param>
    public PluralityVote(int outputs)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outputs);
        _outputs = outputs;
        ClassCount = ClassesOf(outputs);
        _votes = new int[ClassCount];
        _activations = new double[ClassCount];
    }

    /// <summary>The classes a network of <paramref name="outputs"/> output neurons answers: one per neuron, or 2 for a single neuron.</summary>
    public static int ClassesOf(int outputs) => outputs == 1 ? 2 : outputs;

    public int ClassCount { get; }

    /// <summary>The networks that have voted since <see cref="Clear"/>.</summary>
    public int Voters { get; private set; }

    /// <summary>Per class, how many networks answered it.</summary>
    public IReadOnlyList<int> Votes => _votes;

    /// <summary>Forgets the votes, for the next input.</summary>
    public void Clear()
    {
        Array.Clear(_votes);
        Array.Clear(_activations);
        Voters = 0;
    }

    /// <summary>One network's vote: its answer for <paramref name="outputs"/> (its output activations), which is returned.</summary>
    public int Cast(ReadOnlySpan<float> outputs)
    {
        if (outputs.Length != _outputs)
        {
            throw new ArgumentException($"This vote is among networks of {_outputs} output(s); got {outputs.Length}.", nameof(outputs));
        }

        int answer = Prediction.Answer(outputs);
        _votes[answer]++;
        if (_outputs == 1)
        {
            _activations[1] += outputs[0];
            _activations[0] += 1.0 - outputs[0];
        }
        else
        {
            for (int c = 0; c < _outputs; c++)
            {
                _activations[c] += outputs[c];
            }
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
                if (_activations[c] > _activations[winner])
                {
                    winner = c; // rule 1; on equal sums the lower class, found first, stays (rule 2)
                }
            }
        }

        return winner;
    }
}
