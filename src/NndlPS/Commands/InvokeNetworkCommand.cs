using System.Collections;
using System.Management.Automation;
using NndlPS.Core;

namespace NndlPS.Commands;

[Cmdlet(VerbsLifecycle.Invoke, "Network")]
[OutputType(typeof(Prediction))]
public sealed class InvokeNetworkCommand : NndlCmdlet
{
    // Several networks given at once (-Network $a, $b, $c, or one piped array: ,$nets) are an ensemble and vote;
    // networks piped one by one arrive one per record and each answers, as they always did.
    [Parameter(Mandatory = true, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [NetworkArgument]
    public Network[] Network { get; set; } = [];

    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [AllowEmptyCollection]
    public object[] InputObject { get; set; } = [];

    protected override void ProcessRecord()
    {
        if (Network.Length > 1)
        {
            ProcessWithEnsemble(EnsembleOf(Network));
            return;
        }

        Network network = Network[0];
        foreach (object input in Expand(InputObject, depth: 0))
        {
            switch (input)
            {
                case ImageSample sample:
                    WriteObject(Invoke(() => Prediction.ForSample(network, sample)));
                    break;
                case ImageSet set:
                    WritePredictions(() =>
                    {
                        // Retargeting may refuse the network (e.g. too large for the buffers): inside Invoke, as an ErrorRecord.
                        Evaluator evaluator = _evaluator ??= new Evaluator(network);
                        evaluator.Network = network;
                        return evaluator.Predict(set, CancellationToken);
                    });
                    break;
                default:
                    WriteObject(Invoke(() => Prediction.ForInput(network, (float[])input)));
                    break;
            }
        }
    }

    private void ProcessWithEnsemble(Ensemble ensemble)
    {
        foreach (object input in Expand(InputObject, depth: 0))
        {
            switch (input)
            {
                case ImageSample sample:
                    WriteObject(Invoke(() => ensemble.Predict(sample)));
                    break;
                case ImageSet set:
                    WritePredictions(() => ensemble.Predict(set, CancellationToken));
                    break;
                default:
                    WriteObject(Invoke(() => ensemble.Predict((float[])input)));
                    break;
            }
        }
    }

    // One evaluator for every piped set (its threads and buffers), disposed with the cmdlet.
    private Evaluator? _evaluator;

    // The ensemble of the networks given, kept while the same networks come (-Network binds once for the whole pipeline).
    private Ensemble? _ensemble;

    private Ensemble EnsembleOf(Network[] networks)
    {
        if (_ensemble is null || !_ensemble.Members.SequenceEqual(networks, ReferenceEqualityComparer.Instance))
        {
            // A $null among the networks is refused by PowerShell itself: -Network is mandatory, so its items may not be null.
            WarnOfRepeatedNetworks(networks);
            _ensemble?.Dispose();
            _ensemble = null;
            _ensemble = Invoke(() => new Ensemble(networks));
        }

        return _ensemble;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _evaluator?.Dispose();
            _ensemble?.Dispose();
        }

        base.Dispose(disposing);
    }

    private void WritePredictions(Func<IEnumerable<Prediction>> predict)
    {
        using IEnumerator<Prediction> predictions = Invoke(predict).GetEnumerator();
        try
        {
            // Predictions are made lazily: each step may meet the engine's errors (e.g. NaN outputs).
            while (Invoke(() => predictions.MoveNext()))
            {
                WriteObject(predictions.Current);
            }
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C: the pipeline is stopping.
        }
    }

    /// <summary>
    /// Turns what was bound into inputs: an image sample or an image set is one input (a set, one per image; a
    /// dataset, its Test set);
    /// a list whose items are all numbers is one input vector, e.g. (1, 0) for a two-input network; any other
    /// list is a list of inputs, e.g. -InputObject (1,1),(0,1); a single number is a one-number input.
    /// </summary>
    private IEnumerable<object> Expand(object? item, int depth)
    {
        item = item is PSObject wrapped ? wrapped.BaseObject : item;
        switch (item)
        {
            case ImageSample or ImageSet or float[]:
                yield return item;
                yield break;
            case MnistDataset dataset:
                yield return dataset.Test; // as Test-Network does: a dataset is judged on its test set
                yield break;
            case string or null:
                break;
            case IEnumerable list when depth < 8: // arrays nest a level or two; deeper is a mistake, not an input
                object?[] items = list.Cast<object?>().Select(x => x is PSObject p ? p.BaseObject : x).ToArray();
                if (items.Length == 0 && depth > 0)
                {
                    // (,@()) is one input with no numbers, not no input: the network refuses its size rather than
                    // the cmdlet writing nothing. (An empty -InputObject itself is no inputs, and no outputs.)
                    yield return Array.Empty<float>();
                    yield break;
                }

                if (items.Length > 0 && items.All(IsNumber))
                {
                    yield return items.Select(x => Convert.ToSingle(x, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
                    yield break;
                }

                if (items.Any(IsNumber))
                {
                    break; // numbers mixed with other things: neither one input nor a list of inputs
                }

                foreach (object? element in items)
                {
                    foreach (object input in Expand(element, depth + 1))
                    {
                        yield return input;
                    }
                }

                yield break;
            default:
                if (IsNumber(item))
                {
                    yield return new[] { Convert.ToSingle(item, System.Globalization.CultureInfo.InvariantCulture) };
                    yield break;
                }

                break;
        }

        string what = item switch
        {
            null => "null",
            string text => $"the text '{text}'",
            IEnumerable when depth >= 8 => "lists nested more than 8 deep",
            IEnumerable list => $"a list that mixes numbers with other things ({string.Join(", ", list.Cast<object>().Take(5))})",
            _ => $"'{item}' ({item.GetType().Name})",
        };
        ThrowTerminating("InputInvalid", ErrorCategory.InvalidArgument,
            $"Invoke-Network cannot feed {what} to a network. Give numbers, e.g. -InputObject (,(1, 0)), " +
            "images from Get-MnistSample, or an image set such as (Import-Mnist).Test.", item);
    }

    private static bool IsNumber(object? value) =>
        value is byte or sbyte or short or ushort or int or uint or long or ulong or float or double or decimal;
}
