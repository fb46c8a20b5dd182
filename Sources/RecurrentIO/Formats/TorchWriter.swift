/// Encodes named F32 tensors as a `torch.save` file (the zip format of torch ≥ 1.6), so that
/// `torch.load("w.pt")` — `weights_only` included — returns an `OrderedDict` of them, in order, and
/// `rnn.load_state_dict(torch.load("w.pt"))` takes a state dict without the safetensors package.
///
/// The archive (`ZipWriter`), under the folder `archive/`: `data.pkl`, a protocol-2 pickle of
/// `OrderedDict([(name, _rebuild_tensor_v2(storage, 0, size, stride, False, OrderedDict())), …])`
/// whose storages are persistent ids `('storage', torch.FloatStorage, '<i>', 'cpu', numel)`;
/// `data/<i>`, each tensor's float32 little-endian bytes; `byteorder` (`little`); `version` (`3`).
/// Only globals `weights_only` allows are named: `collections.OrderedDict`,
/// `torch._utils._rebuild_tensor_v2`, `torch.FloatStorage`.
public func encodeTorchStateDict(_ tensors: [(name: String, array: FloatArray)]) -> [UInt8] {
    var pickle = PickleWriter()
    pickle.protocol2()
    pickle.emptyOrderedDict()
    pickle.mark()
    for (index, (name, array)) in tensors.enumerated() {
        pickle.string(name)
        pickle.global("torch._utils", "_rebuild_tensor_v2")
        pickle.mark()
        pickle.mark()   // the storage's persistent id
        pickle.string("storage")
        pickle.global("torch", "FloatStorage")
        pickle.string(String(index))
        pickle.string("cpu")
        pickle.int(array.values.count)
        pickle.tuple()
        pickle.persistentID()
        pickle.int(0)                                     // storage offset
        pickle.tuple(of: array.shape)                      // size
        pickle.tuple(of: contiguousStrides(array.shape))   // stride
        pickle.bool(false)                                 // requires_grad
        pickle.emptyOrderedDict()                          // backward hooks
        pickle.tuple()
        pickle.reduce()
    }
    pickle.setItems()
    pickle.stop()

    var zip = ZipWriter()
    zip.add("archive/data.pkl", pickle.bytes)
    zip.add("archive/byteorder", Array("little".utf8))
    for (index, (_, array)) in tensors.enumerated() {
        var data: [UInt8] = []
        data.reserveCapacity(array.values.count * 4)
        for value in array.values { appendLittleEndian(value.bitPattern, to: &data) }
        zip.add("archive/data/\(index)", data)
    }
    zip.add("archive/version", Array("3\n".utf8))
    return zip.finished()
}

/// C-order strides of `shape`, in elements: `(3, 4)` → `(4, 1)`.
private func contiguousStrides(_ shape: [Int]) -> [Int] {
    var strides = [Int](repeating: 1, count: shape.count)
    for axis in stride(from: shape.count - 2, through: 0, by: -1) { strides[axis] = strides[axis + 1] * max(shape[axis + 1], 1) }
    return strides
}

/// The opcodes of pickle protocol 2 that a state dict needs (Python's `pickle` module documents each).
struct PickleWriter {
    private(set) var bytes: [UInt8] = []

    mutating func protocol2() { bytes += [0x80, 2] }
    mutating func mark() { bytes.append(UInt8(ascii: "(")) }
    mutating func tuple() { bytes.append(UInt8(ascii: "t")) }
    mutating func reduce() { bytes.append(UInt8(ascii: "R")) }
    mutating func setItems() { bytes.append(UInt8(ascii: "u")) }
    mutating func persistentID() { bytes.append(UInt8(ascii: "Q")) }
    mutating func stop() { bytes.append(UInt8(ascii: ".")) }
    mutating func bool(_ value: Bool) { bytes.append(value ? 0x88 : 0x89) }   // NEWTRUE / NEWFALSE

    /// GLOBAL: `c<module>\n<name>\n`.
    mutating func global(_ module: String, _ name: String) {
        bytes.append(UInt8(ascii: "c"))
        bytes += Array("\(module)\n\(name)\n".utf8)
    }

    /// `collections.OrderedDict()`: GLOBAL, EMPTY_TUPLE, REDUCE.
    mutating func emptyOrderedDict() {
        global("collections", "OrderedDict")
        bytes.append(UInt8(ascii: ")"))
        reduce()
    }

    /// BINUNICODE: a 4-byte little-endian length and the UTF-8 bytes.
    mutating func string(_ text: String) {
        let utf8 = Array(text.utf8)
        bytes.append(UInt8(ascii: "X"))
        appendLittleEndian(UInt32(utf8.count), to: &bytes)
        bytes += utf8
    }

    /// BININT1, BININT2 or BININT for what fits, LONG1 (8 bytes, two's complement) beyond.
    mutating func int(_ value: Int) {
        switch value {
        case 0...0xFF: bytes += [UInt8(ascii: "K"), UInt8(value)]
        case 0...0xFFFF: bytes.append(UInt8(ascii: "M")); appendLittleEndian(UInt16(value), to: &bytes)
        case Int(Int32.min)...Int(Int32.max): bytes.append(UInt8(ascii: "J")); appendLittleEndian(Int32(value), to: &bytes)
        default: bytes += [0x8A, 8]; appendLittleEndian(Int64(value), to: &bytes)
        }
    }

    /// A tuple of ints: MARK, the ints, TUPLE (any length, the empty one included).
    mutating func tuple(of values: [Int]) {
        mark()
        for value in values { int(value) }
        tuple()
    }
}
