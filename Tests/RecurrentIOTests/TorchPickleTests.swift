@testable import RecurrentIO
import Testing

/// The restricted unpickler and the strided layouts on hand-made input: the limits real files never reach.
struct TorchPickleTests {
    /// Unpickles `body` after `PROTO 2` and returns the root value and heap, or the error's problem.
    func load(_ body: [UInt8]) -> Result<(root: PickleValue, heap: PickleHeap), FileError> {
        Result { try TorchPickle.load([0x80, 0x02] + body, source: "p") }.mapError { $0 as! FileError }
    }

    func problem(_ body: [UInt8]) -> String? {
        if case .failure(let error) = load(body) { return error.problem }
        return nil
    }

    func root(_ body: [UInt8]) throws -> PickleValue { try load(body).get().root }

    let stop = UInt8(ascii: ".")

    @Test func integersOfEveryWidth() throws {
        #expect(try root([0x4B, 0xFF, stop]) == .int(255))  // BININT1
        #expect(try root([0x4D, 0x34, 0x12, stop]) == .int(0x1234))  // BININT2
        #expect(try root([0x4A, 0xFE, 0xFF, 0xFF, 0xFF, stop]) == .int(-2))  // BININT
        #expect(try root([0x8A, 0x00, stop]) == .int(0))  // LONG1 of no bytes
        #expect(try root([0x8A, 0x02, 0x00, 0x80, stop]) == .int(-32768))
        #expect(try root([0x8A, 0x08] + [UInt8](repeating: 0xFF, count: 8) + [stop]) == .int(-1))
        #expect(problem([0x8A, 0x09] + [UInt8](repeating: 0, count: 9) + [stop]) == "data.pkl: an integer of 9 bytes is too large (byte 2)")
        #expect(try root([0x47, 0x3F, 0xF8, 0, 0, 0, 0, 0, 0, stop]) == .float(1.5))  // BINFLOAT, big-endian
    }

    @Test func stringsAreCheckedAgainstTheBytesLeft() throws {
        #expect(try root([0x8C, 0x02] + Array("hi".utf8) + [stop]) == .string("hi"))
        #expect(problem([0x58, 0xFF, 0xFF, 0xFF, 0x7F, 0x41]) == "data.pkl: truncated: 2147483647 bytes needed, 1 left (byte 2)")
        #expect(problem([0x8D] + [UInt8](repeating: 0xFF, count: 8)) == "data.pkl: length 18446744073709551615 is too large (byte 2)")
        #expect(problem([0x8C, 0x01, 0xFF, stop]) == "data.pkl: a string that is not UTF-8 (byte 2)")
    }

    @Test func deeplyNestedTuplesNeitherRecurseNorOverflow() throws {
        let body = [UInt8(ascii: ")")] + [UInt8](repeating: 0x85, count: 200_000) + [stop]  // ((((),),),)…
        let (value, heap) = try load(body).get()
        guard case .tuple(let outer) = heap.object(value) else { Issue.record("not a tuple"); return }
        #expect(outer.count == 1)
        #expect(heap.objects.count == 200_001)
    }

    @Test func malformedStreamsAreNamedWithTheirByte() {
        #expect(problem([UInt8(ascii: "R"), stop]) == "data.pkl: stack underflow (byte 2)")
        #expect(problem([UInt8(ascii: "("), UInt8(ascii: "a"), stop]) == "data.pkl: stack underflow (byte 3)")
        #expect(problem([UInt8(ascii: "h"), 7, stop]) == "data.pkl: memo key 7 was never stored (byte 2)")
        #expect(problem(Array("I1\n.".utf8)) == "data.pkl: unsupported pickle opcode 0x49 'I' (byte 2)")
        #expect(problem([UInt8(ascii: "N"), UInt8(ascii: "N"), stop]) == "data.pkl: STOP with 2 values and 0 marks left (byte 4)")
        #expect(problem([UInt8(ascii: "N"), stop, 0]) == "data.pkl: 1 bytes after STOP (byte 3)")
        #expect(problem([UInt8(ascii: "N")]) == "data.pkl: truncated (no STOP opcode in its 3 bytes)")
        #expect(problem([UInt8(ascii: "N"), UInt8(ascii: "N"), UInt8(ascii: "a"), stop]) == "data.pkl: APPEND to something that is not a list (byte 4)")
        #expect(problem([0x95, 0x10, 0, 0, 0, 0, 0, 0, 0, stop]) == "data.pkl: a frame of 16 bytes, 1 left (byte 2)")
        #expect(problem([0x80, 0x06, stop]) == "data.pkl: pickle protocol 6 (2 to 5 are read) (byte 2)")
    }

    @Test func onlyTheAllowListIsNamed() throws {
        #expect(problem(Array("cos\nsystem\n".utf8)) == "a pickled 'os.system', which is not read (only tensors are, "
                + "and no pickled code is run) — save model.state_dict() instead of the whole model")
        #expect(problem([0x8C, 1, UInt8(ascii: "x"), 0x8C, 2, 0x0A, 0x1B, 0x93]) == "a pickled 'x.\\n\\u{1B}', which is not read "
                + "(only tensors are, and no pickled code is run) — save model.state_dict() instead of the whole model")
        #expect(problem(Array("ctorch\nFloatStorage\n)R.".utf8)) == "data.pkl: a call of torch.FloatStorage, which only a persistent id may name (byte 23)")
        #expect(problem(Array("ccollections\nOrderedDict\n".utf8) + [0x4B, 1, 0x85, UInt8(ascii: "R"), stop])
                == "data.pkl: OrderedDict called with arguments (byte 30)")
        let (dict, heap) = try load(Array("ccollections\nOrderedDict\n)R}b.".utf8)).get()
        guard case .dict(let items) = heap.object(dict) else { Issue.record("not a dict"); return }
        #expect(items.items.isEmpty)
    }

    @Test func dictsKeepTheirOrderAndReplaceInPlace() throws {
        // {"b": 1, "a": 2, "b": 3} → b=3, a=2 in that order.
        let body: [UInt8] = [UInt8(ascii: "}"), UInt8(ascii: "(")] + [0x8C, 1, UInt8(ascii: "b"), 0x4B, 1]
            + [0x8C, 1, UInt8(ascii: "a"), 0x4B, 2] + [0x8C, 1, UInt8(ascii: "b"), 0x4B, 3] + [UInt8(ascii: "u"), stop]
        let (value, heap) = try load(body).get()
        guard case .dict(let dict) = heap.object(value) else { Issue.record("not a dict"); return }
        #expect(dict.items.map(\.key) == [.string("b"), .string("a")])
        #expect(dict.items.map(\.value) == [.int(3), .int(2)])
    }
}

/// Strided layouts against their storage, and the elements they pick.
struct StridedLayoutTests {
    func problem(_ layout: StridedLayout, storage: Int) -> String? {
        do { _ = try layout.validate(storageCount: storage); return nil } catch { return error.text }
    }

    @Test func aTransposeIsGatheredInCOrder() throws {
        let storage: [Float] = [0, 1, 2, 3, 4, 5]  // a (2, 3) tensor; its transpose is (3, 2) with stride (1, 3)
        let layout = StridedLayout(shape: [3, 2], stride: [1, 3], offset: 0)
        #expect(try layout.validate(storageCount: 6) == 6)
        #expect(!layout.isContiguous)
        let values = storage.withUnsafeBytes { layout.gather($0, base: 0, dtype: .float32, count: 6) }
        #expect(values == [0, 3, 1, 4, 2, 5])
        let slice = StridedLayout(shape: [2], stride: [3], offset: 2)  // column 2
        #expect(storage.withUnsafeBytes { slice.gather($0, base: 0, dtype: .float32, count: 2) } == [2, 5])
    }

    @Test func layoutsOutsideTheirStorageAreRefused() {
        #expect(problem(StridedLayout(shape: [2, 3], stride: [3, 1], offset: 1), storage: 6)
                == "shape [2, 3] with stride [3, 1] from element 1 reaches element 6 of a storage of 6")
        #expect(problem(StridedLayout(shape: [1000], stride: [0], offset: 0), storage: 6)
                == "shape [1000] with stride [0] has more elements than its storage of 6 (expanded tensors are not read; save a .contiguous() copy)")
        #expect(problem(StridedLayout(shape: [2], stride: [-1], offset: 1), storage: 6)
                == "has a negative offset, stride or size (shape [2], stride [-1], offset 1)")
        #expect(problem(StridedLayout(shape: [2, 2], stride: [1], offset: 0), storage: 6) == "has 2 sizes but 1 strides")
        #expect(problem(StridedLayout(shape: [3, 3], stride: [Int.max, 1], offset: 0), storage: 6)
                == "reaches past any storage (stride [\(Int.max), 1])")
        #expect(problem(StridedLayout(shape: [0], stride: [1], offset: 7), storage: 6) == "starts at element 7 of a storage of 6")
    }

    @Test func anEmptyTensorOfHugeSizesReadsNothing() throws {
        let layout = StridedLayout(shape: [0, 1 << 40, 1 << 40], stride: [1, 1, 1], offset: 0)
        #expect(try layout.validate(storageCount: 0) == 0)
        #expect([Float]().withUnsafeBytes { layout.gather($0, base: 0, dtype: .float32, count: 0) } == [])
    }
}
