// libFuzzer harness for state-dict inference (built by fuzz/run.sh with Sources/RecurrentIO/Formats,
// StateDictModel.swift, TensorArrays.swift and the Recurrent engine). Bytes that parse as a state dict
// (safetensors or torch.save) become a model — with and without a prefix, tanh and relu — or a thrown
// FileError / RNNError with a one-line message, never a crash; a model that results runs a tiny
// forward, the same values whether computed at once or step by step.

import Recurrent

/// One BLAS thread: the fuzzer runs one input at a time, and thread start-up would dominate.
private let singleThreaded: Void = setBLASThreads(1)

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzStateDict(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    _ = singleThreaded
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let file = try? WeightsFile(bytes: bytes, source: "fuzz") else { return 0 }   // safetensors or torch.save
    let tensors = file.stateDict
    // A message may quote a key, so it is one line whenever the keys are.
    let namesAreOneLine = !tensors.keys.contains { $0.contains(where: \.isNewline) }
    for prefix in prefixesToTry(Array(tensors.keys)) {
        for nonlinearity in ["tanh", "relu", nil] as [String?] {   // nil: not given (an LSTM or GRU refuses one)
            let rnn: RNN
            do {
                // batch_first is not stored either: vary it too, by prefix, to run both input layouts.
                rnn = try modelFromStateDict(tensors, prefix: prefix, nonlinearity: nonlinearity,
                                             batchFirst: prefix == nil, source: "fuzz")
            } catch let error as FileError {
                checkMessage(error.problem, oneLine: namesAreOneLine)
                continue
            } catch let error as RNNError {
                checkMessage(error.message, oneLine: namesAreOneLine)
                continue
            } catch {
                preconditionFailure("unexpected error type: \(error)")
            }
            runTinyForward(rnn)
        }
    }
    return 0
}

/// No prefix (found automatically), the empty prefix, and each prefix the keys suggest — both as
/// found (`rnn.`) and without its final dot (`rnn`, which `locateRNN` completes).
private func prefixesToTry(_ names: [String]) -> [String?] {
    let found = names.filter { $0.hasSuffix("weight_ih_l0") }.map { String($0.dropLast("weight_ih_l0".count)) }.sorted()
    var prefixes: [String?] = [nil, ""]
    for prefix in found.prefix(2) where !prefix.isEmpty {
        prefixes.append(prefix)
        if prefix.hasSuffix(".") { prefixes.append(String(prefix.dropLast())) }
    }
    return prefixes
}

private func checkMessage(_ message: String, oneLine: Bool) {
    precondition(!message.isEmpty, "empty error message")
    precondition(!oneLine || !message.contains(where: \.isNewline), "message spans lines: \(message)")
}

/// `rnn(input)` on a (T=3, N=2) input (time-major, or batch-first when the model is), compared bit
/// for bit with the same run stepped one cell at a time; then an unbatched run with an h0 of zeros.
private func runTinyForward(_ rnn: RNN) {
    let config = rnn.config
    let (seqLen, batch) = (3, 2)
    let count = seqLen * batch * config.inputSize
    let values = (0..<count).map { Float($0 % 7) / 3 - 1 }
    let input = Tensor(shape: config.batchFirst ? [batch, seqLen, config.inputSize] : [seqLen, batch, config.inputSize],
                       data: values)
    do {
        let (output, hN, cN) = try rnn.forward(input)
        let dirsH = config.numDirections * config.outputSize, cells = config.numLayers * config.numDirections
        precondition(output.shape == (config.batchFirst ? [batch, seqLen, dirsH] : [seqLen, batch, dirsH]), "output shape")
        precondition(hN.shape == [cells, batch, config.outputSize], "h_n shape")
        precondition(cN?.shape == (config.kind.hasCellState ? [cells, batch, config.hiddenSize] : nil), "c_n shape")

        let stepper = try rnn.stepper(input)
        while stepper.step() != nil {}
        precondition(stepper.output.data.map(\.bitPattern) == output.data.map(\.bitPattern), "stepped output differs")
        precondition(stepper.hN.data.map(\.bitPattern) == hN.data.map(\.bitPattern), "stepped h_n differs")

        let unbatched = Tensor(shape: [seqLen, config.inputSize], data: Array(values.prefix(seqLen * config.inputSize)))
        let c0 = config.kind.hasCellState ? Tensor(zeros: [cells, config.hiddenSize]) : nil
        let single = try rnn.forward(unbatched, h0: Tensor(zeros: [cells, config.outputSize]), c0: c0)
        precondition(single.output.shape == [seqLen, dirsH] && single.hN.shape == [cells, config.outputSize], "unbatched shapes")
    } catch {
        preconditionFailure("a well-formed input failed on a loaded model: \(error)")
    }
}
