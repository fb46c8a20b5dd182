import ArgumentParser
import Recurrent
import RecurrentIO
import ScopeUI

/// `--seq-len T [--batch N] [--input-seed S]`: a seeded standard-normal input, as `torch.randn`
/// would give the notes' examples without numpy — `(T, N, D)`, `(N, T, D)` with batch_first, or
/// unbatched `(T, D)` without `--batch`.
struct RandomInputOptions: ParsableArguments {
    @Option(parsing: .unconditional, help: "A random input of this many steps (standard normal, like torch.randn) instead of --input.")
    var seqLen: Int?

    @Option(parsing: .unconditional, help: "With --seq-len: the batch size N (without it the input is unbatched, (T, D)).")
    var batch: Int?

    @Option(help: "With --seq-len: the seed of the random input.")
    var inputSeed: UInt64 = 0

    /// The input: `file`'s array, the random one these flags ask for, or (neither given) the study
    /// example's sine over `config`. Throws a one-line error for flags that contradict each other.
    func input(for config: RNNConfig, file: String?) throws -> Tensor {
        guard let seqLen else {
            if batch != nil { throw ValidationError("--batch needs --seq-len (a random input of T steps and N sequences)") }
            return try file.map { try loadSequence(path: $0) } ?? ScreenState.exampleInput(for: config)
        }
        if file != nil { throw ValidationError("--seq-len makes a random input, --input reads one: give one of them") }
        guard seqLen >= 0, (batch ?? 0) >= 0 else { throw ValidationError("--seq-len and --batch cannot be negative") }
        let features = config.inputSize
        let shape = batch.map { config.batchFirst ? [$0, seqLen, features] : [seqLen, $0, features] } ?? [seqLen, features]
        var budget = AllocationBudget()
        try budget.allocate(shape)
        return Tensor.standardNormal(shape, seed: inputSeed)
    }
}
