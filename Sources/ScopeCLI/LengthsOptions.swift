import ArgumentParser
import Recurrent
import RecurrentIO

/// `--lengths FILE`: the sequences of a padded batch end at these lengths (one per sequence, as
/// `pack_padded_sequence` takes them): each runs only over its own steps, as PyTorch runs a packed batch.
struct LengthsOptions: ParsableArguments {
    @Option(help: "Lengths of the padded batch's sequences (a file as for --input: N whole numbers); each runs to its own length, as a packed batch.")
    var lengths: String?

    /// The lengths, or nil without `--lengths`; a one-line error for values that are not whole numbers.
    func load() throws -> [Int]? {
        guard let path = lengths else { return nil }
        let values = try loadSequence(path: path).data
        guard values.allSatisfy({ $0.isFinite && $0 == $0.rounded() }) else {
            throw FileError(path, "holds lengths that are not whole numbers: one length per sequence, e.g. [5, 3, 2]")
        }
        return values.map { Int($0) }
    }
}
