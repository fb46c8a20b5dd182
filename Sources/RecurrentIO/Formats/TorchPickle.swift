/// A restricted unpickler for the `data.pkl` of a `torch.save` archive. It runs no code: it builds
/// plain values (`PickleValue`) and records calls of the few allowed globals (`PickleGlobal`) for the
/// checkpoint reader to interpret; any other global stops it with a one-line refusal.
///
/// Opcodes: those `torch.save` emits with its default protocol 2 (`pickletools.dis` of torch 2.x
/// files: `PROTO GLOBAL BINPUT BINGET EMPTY_TUPLE MARK TUPLE TUPLE1 TUPLE2 REDUCE BINUNICODE BININT1
/// NEWFALSE BINPERSID SETITEMS EMPTY_DICT SETITEM BUILD STOP`), the other integer, float, string,
/// container and memo opcodes of protocols 2–4, and protocol 4's `FRAME MEMOIZE SHORT_BINUNICODE
/// STACK_GLOBAL` (`torch.save(…, pickle_protocol=4)`). Every length is checked against the bytes
/// left before it is used; the stack, marks and memo grow by at most one entry per opcode.
struct TorchPickle {
    private let bytes: [UInt8]
    private let source: String
    private var position = 0
    /// Where the opcode being run starts (for errors).
    private var opcodeStart = 0
    private var stack: [PickleValue] = []
    private var marks: [Int] = []
    private var memo: [Int: PickleValue] = [:]
    private var heap = PickleHeap()

    /// Unpickles `bytes`; errors name `source` (the checkpoint file).
    static func load(_ bytes: [UInt8], source: String) throws -> (root: PickleValue, heap: PickleHeap) {
        var machine = TorchPickle(bytes: bytes, source: source)
        return (try machine.run(), machine.heap)
    }

    private init(bytes: [UInt8], source: String) {
        self.bytes = bytes
        self.source = source
    }

    private func problem(_ text: String) -> FileError {
        FileError(source, "data.pkl: \(text) (byte \(opcodeStart))")
    }

    private mutating func run() throws -> PickleValue {
        while position < bytes.count {
            opcodeStart = position
            let opcode = bytes[position]
            position += 1
            if opcode == UInt8(ascii: ".") { return try stop() }
            try execute(opcode)
        }
        throw FileError(source, "data.pkl: truncated (no STOP opcode in its \(bytes.count) bytes)")
    }

    private mutating func stop() throws -> PickleValue {
        guard marks.isEmpty, stack.count == 1 else { throw problem("STOP with \(stack.count) values and \(marks.count) marks left") }
        guard position == bytes.count else { throw problem("\(bytes.count - position) bytes after STOP") }
        return stack[0]
    }

    private mutating func execute(_ opcode: UInt8) throws {
        switch opcode {
        case 0x80:  // PROTO
            let version = try unsigned(1)
            guard (2...5).contains(version) else { throw problem("pickle protocol \(version) (2 to 5 are read)") }
        case 0x95:  // FRAME: the length of the opcodes that follow, which run as usual
            let length = try unsigned(8)
            guard length <= bytes.count - position else { throw problem("a frame of \(length) bytes, \(bytes.count - position) left") }
        case UInt8(ascii: "("): marks.append(stack.count)  // MARK
        case UInt8(ascii: "0"): _ = try pop()  // POP
        case UInt8(ascii: "1"): _ = try popToMark()  // POP_MARK
        case UInt8(ascii: "2"): stack.append(try top())  // DUP
        case UInt8(ascii: "N"): stack.append(.none)
        case 0x88: stack.append(.bool(true))  // NEWTRUE
        case 0x89: stack.append(.bool(false))  // NEWFALSE
        case UInt8(ascii: "K"): stack.append(.int(try unsigned(1)))  // BININT1
        case UInt8(ascii: "M"): stack.append(.int(try unsigned(2)))  // BININT2
        case UInt8(ascii: "J"): stack.append(.int(Int(Int32(truncatingIfNeeded: try unsigned(4)))))  // BININT
        case 0x8A: stack.append(.int(try long(byteCount: try unsigned(1))))  // LONG1
        case UInt8(ascii: "G"):  // BINFLOAT, big-endian
            let bits = try take(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            stack.append(.float(Double(bitPattern: bits)))
        case UInt8(ascii: "X"): stack.append(.string(try text(byteCount: try unsigned(4))))  // BINUNICODE
        case 0x8C: stack.append(.string(try text(byteCount: try unsigned(1))))  // SHORT_BINUNICODE
        case 0x8D: stack.append(.string(try text(byteCount: try unsigned(8))))  // BINUNICODE8
        case UInt8(ascii: ")"): stack.append(heap.add(.tuple([])))  // EMPTY_TUPLE
        case UInt8(ascii: "t"): stack.append(heap.add(.tuple(try popToMark())))  // TUPLE
        case 0x85, 0x86, 0x87:  // TUPLE1, TUPLE2, TUPLE3
            let items = try pop(Int(opcode - 0x84))
            stack.append(heap.add(.tuple(items)))
        case UInt8(ascii: "]"): stack.append(heap.add(.list([])))  // EMPTY_LIST
        case UInt8(ascii: "l"): stack.append(heap.add(.list(try popToMark())))  // LIST
        case UInt8(ascii: "a"): try append(try pop(1))  // APPEND
        case UInt8(ascii: "e"): try append(try popToMark())  // APPENDS
        case UInt8(ascii: "}"): stack.append(heap.add(.dict(PickleDict())))  // EMPTY_DICT
        case UInt8(ascii: "d"):  // DICT
            let items = try popToMark()
            stack.append(heap.add(.dict(PickleDict())))
            try setItems(items)
        case UInt8(ascii: "s"): try setItems(try pop(2))  // SETITEM
        case UInt8(ascii: "u"): try setItems(try popToMark())  // SETITEMS
        case UInt8(ascii: "q"): memo[try unsigned(1)] = try top()  // BINPUT
        case UInt8(ascii: "r"): memo[try unsigned(4)] = try top()  // LONG_BINPUT
        case 0x94: memo[memo.count] = try top()  // MEMOIZE
        case UInt8(ascii: "h"): try get(try unsigned(1))  // BINGET
        case UInt8(ascii: "j"): try get(try unsigned(4))  // LONG_BINGET
        case UInt8(ascii: "c"): stack.append(.global(try allowedGlobal(module: try line(), name: try line())))  // GLOBAL
        case 0x93:  // STACK_GLOBAL
            let names = try pop(2)
            guard case .string(let module) = names[0], case .string(let name) = names[1] else {
                throw problem("STACK_GLOBAL of values that are not strings")
            }
            stack.append(.global(try allowedGlobal(module: module, name: name)))
        case UInt8(ascii: "R"): try reduce()  // REDUCE
        case UInt8(ascii: "b"):  // BUILD: only the attributes `state_dict()` sets on its OrderedDict
            _ = try pop()
            guard case .dict = heap.object(try top()) else { throw problem("BUILD of an object that is not a dict") }
        case UInt8(ascii: "Q"): stack.append(heap.add(.persistentID(try pop())))  // BINPERSID
        default:
            let printable = (0x21...0x7E).contains(opcode) ? " '\(Character(UnicodeScalar(opcode)))'" : ""
            throw problem("unsupported pickle opcode 0x\(String(opcode, radix: 16, uppercase: true))\(printable)")
        }
    }

    // MARK: Calls

    /// The global `module.name` if the allow-list has it; else the refusal every user of a whole
    /// pickled model (`torch.save(model)`) meets first.
    private func allowedGlobal(module: String, name: String) throws -> PickleGlobal {
        guard let global = PickleGlobal(module: module, name: name) else {
            throw FileError(source, "a pickled \(quotedName(module + "." + name)), which is not read (only tensors are, "
                            + "and no pickled code is run) — save model.state_dict() instead of the whole model")
        }
        return global
    }

    /// `REDUCE`: `OrderedDict()` makes an empty dict; the tensor rebuilds are recorded, not made.
    private mutating func reduce() throws {
        let popped = try pop(2)
        guard case .global(let callee) = popped[0], case .tuple(let arguments) = heap.object(popped[1]) else {
            throw problem("REDUCE of something that is not an allowed global and a tuple")
        }
        switch callee {
        case .orderedDict:
            guard arguments.isEmpty else { throw problem("OrderedDict called with arguments") }
            stack.append(heap.add(.dict(PickleDict())))
        case .storage(let name):
            throw problem("a call of torch.\(name), which only a persistent id may name")
        case .rebuildTensorV2, .rebuildTensor, .rebuildParameter:
            stack.append(heap.add(.call(callee, arguments: arguments)))
        }
    }

    // MARK: Containers

    private mutating func append(_ items: [PickleValue]) throws {
        let target = try top()
        guard case .object(let index) = target, case .list(var list) = heap.objects[index] else {
            throw problem("APPEND to something that is not a list")
        }
        heap.objects[index] = .list([])  // so that `list` is the only reference and grows in place
        list.append(contentsOf: items)
        heap.objects[index] = .list(list)
    }

    /// Sets `items` (key, value, key, value, …) in the dict on top of the stack.
    private mutating func setItems(_ items: [PickleValue]) throws {
        let target = try top()
        guard case .object(let index) = target, case .dict(var dict) = heap.objects[index] else {
            throw problem("SETITEM on something that is not a dict")
        }
        guard items.count.isMultiple(of: 2) else { throw problem("SETITEMS with a key but no value") }
        heap.objects[index] = .dict(PickleDict())
        for pair in stride(from: 0, to: items.count, by: 2) { dict.set(items[pair], items[pair + 1]) }
        heap.objects[index] = .dict(dict)
    }

    // MARK: Stack and memo

    private func top() throws -> PickleValue {
        guard stack.count > (marks.last ?? 0), let value = stack.last else { throw problem("stack underflow") }
        return value
    }

    private mutating func pop() throws -> PickleValue { try pop(1)[0] }

    /// The top `count` values, deepest first; never reaches below the innermost mark.
    private mutating func pop(_ count: Int) throws -> [PickleValue] {
        guard stack.count - (marks.last ?? 0) >= count else { throw problem("stack underflow") }
        defer { stack.removeLast(count) }
        return Array(stack.suffix(count))
    }

    /// The values above the innermost mark, which is removed.
    private mutating func popToMark() throws -> [PickleValue] {
        guard let mark = marks.popLast() else { throw problem("no MARK to pop to") }
        defer { stack.removeSubrange(mark...) }
        return Array(stack[mark...])
    }

    private mutating func get(_ key: Int) throws {
        guard let value = memo[key] else { throw problem("memo key \(key) was never stored") }
        stack.append(value)
    }

    // MARK: Bytes

    private mutating func take(_ count: Int) throws -> ArraySlice<UInt8> {
        guard count >= 0, count <= bytes.count - position else {
            throw problem("truncated: \(count) bytes needed, \(bytes.count - position) left")
        }
        defer { position += count }
        return bytes[position..<(position + count)]
    }

    /// An unsigned little-endian integer of `size` bytes (an 8-byte one above `Int.max` is refused).
    private mutating func unsigned(_ size: Int) throws -> Int {
        let value = try take(size).reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        guard value <= UInt64(Int.max) else { throw problem("length \(value) is too large") }
        return Int(value)
    }

    /// `LONG1`'s two's-complement little-endian integer (at most 8 bytes).
    private mutating func long(byteCount: Int) throws -> Int {
        guard byteCount <= 8 else { throw problem("an integer of \(byteCount) bytes is too large") }
        let digits = try take(byteCount)
        let magnitude = digits.reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        guard byteCount < 8, let last = digits.last, last & 0x80 != 0 else { return Int(truncatingIfNeeded: magnitude) }
        return Int(truncatingIfNeeded: magnitude) - (1 << (8 * byteCount))
    }

    private mutating func text(byteCount: Int) throws -> String {
        guard let text = String(validating: try take(byteCount), as: UTF8.self) else { throw problem("a string that is not UTF-8") }
        return text
    }

    /// `GLOBAL`'s text up to the next line feed.
    private mutating func line() throws -> String {
        guard let end = bytes[position...].firstIndex(of: UInt8(ascii: "\n")) else { throw problem("GLOBAL without a line end") }
        let text = try text(byteCount: end - position)
        position += 1
        return text
    }
}
