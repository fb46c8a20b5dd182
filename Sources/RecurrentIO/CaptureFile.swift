import Foundation
import Recurrent

// MARK: A capture from python/rnnscope_capture.py: the recurrent modules of a PyTorch model as they ran

/// One `nn.RNN`, `nn.LSTM` or `nn.GRU` as it ran inside a captured model.
///
/// Shapes are PyTorch's: `input` `(T, N, D)`, `(N, T, D)` when `config.batchFirst`, or unbatched
/// `(T, D)`; `h0` `(L·dirs, N, out)` (`(L·dirs, out)` unbatched), `c0` `(L·dirs, N, H)` (LSTM);
/// `lengths` `(N,)` for a PackedSequence, whose `input` is then its padded data.
public struct CapturedModule: Sendable {
    /// The module's path inside the model (`encoder.rnn`; empty for the model itself).
    public var path: String
    /// Its state-dict key prefix: `path + "."`, or empty for the model itself.
    public var prefix: String
    /// The constructor arguments from the metadata, validated as `nn.RNN(...)` would validate them.
    public var config: RNNConfig
    /// The module's parameters, names without `prefix` (`weight_ih_l0`).
    public var stateDict: [String: Tensor]
    public var input: Tensor
    public var h0: Tensor?
    public var c0: Tensor?
    /// Each sequence's length when the input was a `PackedSequence` (in batch order), else nil.
    public var lengths: [Int]?
    /// Whether the module was in training mode during the call (dropout masks are not captured).
    public var training: Bool
    /// How many times the module ran during the call; the first call is the one captured.
    public var calls: Int

    /// The module with its captured weights.
    /// - Throws: `FileError` naming `source` when a parameter is missing or mis-shaped for `config`.
    public func rnn(source: String) throws -> RNN {
        do {
            return try RNN(config: config, stateDict: stateDict)
        } catch let error as RNNError {
            throw FileError(source, "module \(displayName): \(error.message)")
        }
    }

    /// `'encoder'`, or `the model itself ('')` for the root module, for messages.
    public var displayName: String { Self.displayName(path) }

    static func displayName(_ path: String) -> String { path.isEmpty ? "the model itself ('')" : "'\(path)'" }

    /// Whether the packed lengths (if any) are all `T`: then the padded batch is the packed one.
    public var isPackedWithShorterSequences: Bool {
        guard let lengths, let steps = Self.steps(of: input, batchFirst: config.batchFirst) else { return false }
        return lengths.contains { $0 != steps }
    }

    /// T of an input: axis 1 of a batch-first 3-D input, else axis 0.
    static func steps(of input: Tensor, batchFirst: Bool) -> Int? {
        input.rank == 3 ? input.shape[batchFirst ? 1 : 0] : input.rank == 2 ? input.shape[0] : nil
    }
}

/// A `.safetensors` file that `rnnscope_capture.capture` wrote: the model's whole state dict,
/// `capture.<path>.input|h0|c0|lengths`, and `__metadata__["rnnscope.modules"]`, a JSON list of each
/// recurrent module's path and constructor arguments (see python/rnnscope_capture.py).
public struct CaptureFile: Sendable {
    /// The captured modules in the model's `named_modules` order.
    public var modules: [CapturedModule]
    /// The file's name, for messages.
    public var source: String
    /// The model call's own tensor arguments, `capture.args.<i>` and `capture.kwargs.<name>` (token
    /// ids behind an embedding, for example), by name without the `capture.` prefix.
    public var arguments: [String: Tensor] = [:]

    /// Reads and checks a capture.
    /// - Throws: one-line `FileError`s: no capture metadata, malformed metadata, an unknown kind,
    ///   a configuration PyTorch refuses, a missing tensor, or lengths that do not fit the input.
    public init(path: String) throws {
        try self.init(file: try loadWeightsFile(path: path), source: path)
    }

    public init(file: WeightsFile, source: String) throws {
        self.source = source
        guard let json = file.metadata[Self.modulesKey] else {
            throw FileError(source, "not an rnnscope capture (no '\(Self.modulesKey)' in its metadata): write one with "
                            + "python/rnnscope_capture.py, or open a plain state dict with --weights")
        }
        let described: [ModuleMetadata]
        do {
            described = try JSONDecoder().decode([ModuleMetadata].self, from: Data(json.utf8))
        } catch {
            throw FileError(source, "metadata '\(Self.modulesKey)' is not a list of module descriptions: \(Self.describe(error))")
        }
        guard !described.isEmpty else { throw FileError(source, "the capture lists no recurrent module") }
        let tensors = file.stateDict
        modules = try described.map { try Self.module($0, tensors: tensors, source: source) }
        for (name, tensor) in tensors where name.hasPrefix("capture.args.") || name.hasPrefix("capture.kwargs.") {
            arguments[String(name.dropFirst("capture.".count))] = tensor
        }
    }

    /// The metadata key of the module list.
    public static let modulesKey = "rnnscope.modules"

    /// The module at `prefix` — its path (`encoder`) or key prefix (`encoder.`); `""` is the model
    /// itself — or the only one when `prefix` is nil.
    /// - Throws: `FileError` listing the captured paths when none matches, or when several were
    ///   captured and no prefix is given.
    public func module(prefix: String?) throws -> CapturedModule {
        let listed = modules.map { "'\($0.path)'" }.joined(separator: ", ")
        guard let prefix else {
            guard modules.count == 1 else {
                throw FileError(source, "captures \(modules.count) recurrent modules (\(listed)); choose one with --prefix")
            }
            return modules[0]
        }
        let wanted = prefix.hasSuffix(".") ? String(prefix.dropLast()) : prefix
        guard let found = modules.first(where: { $0.path == wanted }) else {
            throw FileError(source, "no captured module '\(wanted)' (captured: \(listed))")
        }
        return found
    }

    // MARK: Metadata → module

    /// One entry of `rnnscope.modules`, as the helper writes it.
    struct ModuleMetadata: Decodable {
        var path: String
        var prefix: String?
        var kind: String
        var nonlinearity: String?
        var batch_first: Bool
        var dropout: Double
        var proj_size: Int?
        var bidirectional: Bool
        var num_layers: Int
        var input_size: Int
        var hidden_size: Int
        var bias: Bool?
        var training: Bool?
        var packed: Bool?
        var calls: Int?
        var tensors: [String: String]?
    }

    /// PyTorch's class names → kinds.
    static let kinds: [String: CellKind] = ["RNN": .rnn, "LSTM": .lstm, "GRU": .gru]

    static func module(_ meta: ModuleMetadata, tensors: [String: Tensor], source: String) throws -> CapturedModule {
        func fail(_ problem: String) -> FileError {
            FileError(source, "module \(CapturedModule.displayName(meta.path)): \(problem)")
        }
        guard let kind = kinds[meta.kind] else {
            throw fail("unknown kind '\(meta.kind)' (RNN, LSTM or GRU)")
        }
        let prefix = meta.prefix ?? (meta.path.isEmpty ? "" : meta.path + ".")
        var own: [String: Tensor] = [:]
        for (key, tensor) in tensors where key.hasPrefix(prefix) && RNNParameterName(String(key.dropFirst(prefix.count))) != nil {
            own[String(key.dropFirst(prefix.count))] = tensor
        }
        let config: RNNConfig
        do {
            config = try RNNConfig(kind: kind, inputSize: meta.input_size, hiddenSize: meta.hidden_size,
                                   numLayers: meta.num_layers, nonlinearity: kind == .rnn ? meta.nonlinearity : nil,
                                   bias: meta.bias ?? (own["bias_ih_l0"] != nil), batchFirst: meta.batch_first,
                                   dropout: meta.dropout, bidirectional: meta.bidirectional, projSize: meta.proj_size ?? 0)
        } catch let error as RNNError {
            throw fail(error.message)
        }
        let base = meta.path.isEmpty ? "capture." : "capture.\(meta.path)."
        func tensor(_ role: String) -> (name: String, tensor: Tensor?) {
            let stored = meta.tensors?[role] ?? base + role
            return (stored, tensors[stored])
        }
        let input = tensor("input")
        guard let x = input.tensor else { throw fail("its input '\(input.name)' is not in the file") }
        let h0 = tensor("h0"), c0 = tensor("c0")
        if meta.tensors?["h0"] != nil, h0.tensor == nil { throw fail("its h0 '\(h0.name)' is not in the file") }
        if meta.tensors?["c0"] != nil, c0.tensor == nil { throw fail("its c0 '\(c0.name)' is not in the file") }
        var lengths: [Int]?
        if meta.packed == true {
            let stored = tensor("lengths")
            guard let values = stored.tensor else { throw fail("packed, but its lengths '\(stored.name)' are not in the file") }
            lengths = try packedLengths(values, input: x, batchFirst: meta.batch_first, fail: fail)
        }
        let module = CapturedModule(path: meta.path, prefix: prefix, config: config, stateDict: own, input: x,
                                    h0: h0.tensor, c0: c0.tensor, lengths: lengths, training: meta.training ?? false,
                                    calls: meta.calls ?? 1)
        let rnn = try module.rnn(source: source)   // weights that disagree with the metadata fail here, in one line
        do {
            _ = try rnn.checkInput(x, h0: h0.tensor, c0: c0.tensor)
        } catch let error as RNNError {
            throw fail("its captured input does not fit it: \(error.message)")
        }
        return module
    }

    /// A packed batch's lengths: whole numbers in 1...T, one per sequence of the padded input.
    static func packedLengths(_ values: Tensor, input: Tensor, batchFirst: Bool,
                              fail: (String) -> FileError) throws -> [Int] {
        guard values.rank == 1, input.rank == 3 else {
            throw fail("packed lengths \(values.shape) must be (N,) for a batched (T, N, D) or (N, T, D) input, got input \(input.shape)")
        }
        let batch = input.shape[batchFirst ? 0 : 1], steps = input.shape[batchFirst ? 1 : 0]
        guard values.count == batch else {
            throw fail("\(values.count) packed lengths for a batch of \(batch) sequences (input \(input.shape))")
        }
        return try values.data.map { value in
            guard value.rounded() == value, value >= 1, value <= Float(steps) else {
                throw fail("packed length \(value) is not a whole number in 1...\(steps) (T of input \(input.shape))")
            }
            return Int(value)
        }
    }

    /// A decoding error in a few words: the field and what is wrong.
    static func describe(_ error: Error) -> String {
        guard let error = error as? DecodingError else { return "not JSON" }
        func at(_ path: [CodingKey]) -> String {
            path.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
        }
        switch error {
        case .keyNotFound(let key, let context): return "entry \(at(context.codingPath)) has no '\(key.stringValue)'"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return context.codingPath.isEmpty ? "not a JSON list" : "\(at(context.codingPath)) has the wrong type"
        case .dataCorrupted(let context): return context.codingPath.isEmpty ? "not JSON" : "\(at(context.codingPath)) is malformed"
        @unknown default: return "malformed"
        }
    }
}
