import Recurrent

/// What-if: the shown element's x_t edited on screen, at the cursor, for the selected feature
/// (`min(unit, D − 1)`), compared at once with the original run — the edited input is run B
/// (`c` cycles A, B, Δ). `a`/`z` nudge by a tenth of the data's scale, `0` sets zero, `y` copies the
/// original's value back, `u` undoes, `W` writes the edited input as a .npy.

/// An edit key's change to one value: its new value from (current, original).
public enum InputEdit: Equatable, Sendable {
    case nudge(Int), zero, copyFromOther
}

extension ScreenState {
    /// The feature the edit keys change: the selected unit, up to the input's last feature.
    public var editedFeature: Int { min(selectedUnit, config.inputSize - 1) }

    /// Applies `edit` to run B's input at (cursor, shown element, `editedFeature`), starting a
    /// comparison with the edited input when there is none. Throws a one-line `ModelError` while
    /// run B has other weights (both runs then read the same input).
    mutating func editInput(_ edit: InputEdit) throws {
        var edited: Tensor
        switch comparison?.source {
        case nil: edited = input
        case .input?: edited = editedInput!
        case .weights?, .seed?:
            throw ModelError("run B has other weights, not another input: edits need --compare-input, or no comparison")
        }
        let index = inputIndex(t: cursor, feature: editedFeature)
        let (current, original) = (edited.data[index], input.data[index])
        switch edit {
        case let .nudge(direction): edited.data[index] = current + Float(direction) * max(dataScale.limit, 1e-3) / 10
        case .zero: edited.data[index] = 0
        case .copyFromOther: edited.data[index] = original
        }
        editHistory.append(comparison)
        let view = comparison?.view ?? .delta
        comparison = Comparison(source: .input(edited, label: comparisonLabelForEdits, batchFirst: config.batchFirst), view: view)
        _ = comparisonTrace
    }

    /// Takes back the last edit (the comparison as it was before it).
    mutating func undoEdit() -> Bool {
        guard let last = editHistory.popLast() else { return false }
        comparison = last
        return true
    }

    /// Run B's input — edited on screen or given with `--compare-input` — in the model's layout now
    /// (`f` may have turned batch_first since it was given); nil when B has other weights or none.
    public var editedInput: Tensor? {
        guard case let .input(tensor, _, batchFirst)? = comparison?.source else { return nil }
        return batchFirst == config.batchFirst || tensor.rank != 3 ? tensor : tensor.swappingFirstTwoAxes()
    }

    /// The label an edited input keeps (the given file's, when the edits started from one).
    private var comparisonLabelForEdits: String {
        if case let .input(_, label, _)? = comparison?.source { return label.hasSuffix("(edited)") ? label : label + " (edited)" }
        return "(edited)"
    }

    /// Where x_t[feature] of the shown element sits in `input` (its own layout).
    func inputIndex(t: Int, feature: Int) -> Int {
        let d = config.inputSize, n = batchIndex
        switch geometry.layout {
        case .batched: return (t * geometry.batch + n) * d + feature
        case .batchFirst: return (n * geometry.seqLen + t) * d + feature
        case .unbatched: return t * d + feature
        }
    }
}
