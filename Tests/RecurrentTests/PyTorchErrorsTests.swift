import Testing
import Recurrent

/// Each mistake from the fixture script must fail here with PyTorch's message, word for word.
@Suite struct PyTorchErrorsTests {
    static let cases = Fixtures.errors()

    @Test func coversConstructorAndForwardMistakes() {
        #expect(Self.cases.filter { $0.kind == "constructor" }.count >= 6)
        #expect(Self.cases.filter { $0.kind == "forward" }.count >= 10)
    }

    @Test(arguments: cases.map(\.name))
    func sameMessageAsPyTorch(name: String) throws {
        let fixture = Self.cases.first { $0.name == name }!
        var thrown: RNNError?
        var warnings: [String] = []
        do {
            if (try? Nonlinearity(validating: fixture.config.nonlinearity)) != nil, (0...1).contains(fixture.config.dropout) {
                warnings = RNNConfig.warnings(dropout: fixture.config.dropout, numLayers: fixture.config.num_layers)
            }
            let config = try fixture.config.make()
            #expect(config.warnings == warnings)
            if fixture.kind == "forward" {
                let rnn = RNN(config: config, seed: 0)
                _ = try rnn.forward(Tensor(zeros: fixture.input_shape!), h0: fixture.h0_shape.map { Tensor(zeros: $0) })
            }
        } catch let error as RNNError {
            thrown = error
        }
        #expect(thrown?.message == fixture.message)
        if let exception = fixture.exception, thrown != nil {
            #expect(thrown?.kind.rawValue == exception)
        }
        #expect(warnings.first == fixture.warning)
    }
}

/// Sizes no machine can hold fail at construction, as `nn.RNN.__init__` does when it allocates its
/// parameters — quickly, with the allocator's words, instead of trapping on overflow or filling memory.
@Suite struct ImpossibleSizesTests {
    @Test func parametersLargerThanMemoryAreRefused() {
        #expect(throws: RNNError(.runtimeError, "DefaultCPUAllocator: can't allocate memory: you tried to allocate 40000000000000000 bytes. Error code 12 (Cannot allocate memory)")) {
            try RNNConfig(inputSize: 1, hiddenSize: 100_000_000)
        }
        #expect(throws: RNNError(.runtimeError, "DefaultCPUAllocator: can't allocate memory: you tried to allocate 399999999600 bytes. Error code 12 (Cannot allocate memory)")) {
            try RNNConfig(inputSize: 1, hiddenSize: 10, numLayers: 1_000_000_000)
        }
    }

    @Test func sizesWhoseBytesOverflowAreRefused() {
        #expect(throws: RNNError(.runtimeError, "Storage size calculation overflowed with sizes=[\(Int.max), 1]")) {
            try RNNConfig(inputSize: 1, hiddenSize: Int.max)
        }
        #expect(throws: RNNError(.runtimeError, "Storage size calculation overflowed with sizes=[2, \(Int.max)]")) {
            try RNNConfig(inputSize: Int.max, hiddenSize: 2)
        }
        #expect(throws: RNNError.self) { try RNNConfig(inputSize: 1, hiddenSize: 1, numLayers: Int.max, bidirectional: true) }
    }

    @Test func anyThreadCountIsClampedNotATrap() {
        setBLASThreads(Int.max)
        setBLASThreads(Int.min)
        setBLASThreads(1)
    }

    @Test func aBudgetTakesWhatFitsAndRefusesTheRest() throws {
        var budget = AllocationBudget(bytes: 100)
        try budget.allocate([5, 5])
        #expect(budget.remaining == 0)
        #expect(throws: RNNError.self) { try budget.allocate([1]) }
    }
}
