/// Turns the tensor rebuilds a checkpoint's pickle recorded into tensors, reading their storages
/// from the archive:
///
/// - `_rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata])`
///   and `_rebuild_tensor(storage, storage_offset, size, stride)`: the elements of `storage` that the
///   strided layout picks (`StridedLayout`), in C order;
/// - `_rebuild_parameter(tensor, requires_grad, backward_hooks)`: that tensor;
/// - a storage is the persistent id `('storage', torch.FloatStorage, key, location, numel)`: `numel`
///   elements in entry `<folder>/data/<key>`, whose size must be exactly `numel` × the element size.
///
/// Float, Double, Half and BFloat16 storages are widened to Float (reported as F32, F64, F16, BF16);
/// any other element type is refused, naming the tensor. One rebuild named twice is read once.
struct TorchTensorReader {
    let archive: ZipArchive
    let bytes: [UInt8]
    let folder: String
    let heap: PickleHeap
    let source: String

    /// The storage types read, with the dtype they are reported as (safetensors' spelling).
    static let readableStorages: [String: (dtype: StoredFloat, name: String)] = [
        "FloatStorage": (.float32, "F32"), "DoubleStorage": (.float64, "F64"),
        "HalfStorage": (.float16, "F16"), "BFloat16Storage": (.bfloat16, "BF16"),
        "LongStorage": (.int64, "I64"), "IntStorage": (.int32, "I32"), "ShortStorage": (.int16, "I16"),
        "CharStorage": (.int8, "I8"), "ByteStorage": (.uint8, "U8"), "BoolStorage": (.bool, "BOOL")]

    /// A storage met before: its type and size must agree wherever its key comes back.
    private struct Storage {
        var typeName: String
        var dtype: StoredFloat
        var dtypeName: String
        var count: Int
        var data: Range<Int>
    }
    private var storages: [String: Storage] = [:]
    /// Tensors already read, by the index of their rebuild in the heap.
    private var tensors: [Int: (dtype: String, array: FloatArray)] = [:]
    /// Elements read so far, and how many the file's size allows (twice its bytes: room for tensors
    /// sharing storages, never the terabytes a few bytes of pickle could otherwise ask for).
    private var elementsRead = 0
    private let elementBudget: Int

    init(archive: ZipArchive, bytes: [UInt8], folder: String, heap: PickleHeap, source: String) {
        self.archive = archive
        self.bytes = bytes
        self.folder = folder
        self.heap = heap
        self.source = source
        elementBudget = 2 * bytes.count
    }

    /// The tensor the recorded rebuild `value` makes, as an entry named `name`.
    mutating func tensor(_ value: PickleValue, name: String) throws -> TorchCheckpoint.Entry {
        let source = self.source
        func fail(_ problem: String) -> FileError { FileError(source, "tensor \(quotedName(name)): \(problem)") }
        guard case .object(let index) = value, case .call(let callee, let arguments) = heap.object(value) else {
            throw fail("is not a tensor")
        }
        if let known = tensors[index] { return .init(name: name, dtype: known.dtype, array: known.array) }
        let read: (dtype: String, array: FloatArray)
        switch callee {
        case .rebuildParameter:
            guard arguments.count == 3, case .call(let inner, _) = heap.object(arguments[0]), inner != .rebuildParameter else {
                throw fail("_rebuild_parameter needs (tensor, requires_grad, backward_hooks)")
            }
            let entry = try tensor(arguments[0], name: name)
            read = (entry.dtype, entry.array)
        case .rebuildTensorV2, .rebuildTensor:
            let expected = callee == .rebuildTensor ? 4...4 : 6...7
            guard expected.contains(arguments.count), case .int(let offset) = arguments[1],
                  let shape = integers(arguments[2]), let stride = integers(arguments[3]) else {
                throw fail("its rebuild is not (storage, storage_offset, size, stride\(callee == .rebuildTensor ? "" : ", …"))")
            }
            read = try gather(StridedLayout(shape: shape, stride: stride, offset: offset), from: arguments[0], fail: fail)
        case .orderedDict, .storage:
            throw fail("is not a tensor")
        }
        tensors[index] = read
        return .init(name: name, dtype: read.dtype, array: read.array)
    }

    private mutating func gather(_ layout: StridedLayout, from storageID: PickleValue,
                                 fail: (String) -> FileError) throws -> (dtype: String, array: FloatArray) {
        let storage = try self.storage(storageID, fail: fail)
        let count: Int
        do { count = try layout.validate(storageCount: storage.count) } catch { throw fail(error.text) }
        elementsRead += count
        guard elementsRead <= elementBudget else {
            throw fail("the tensors so far hold \(elementsRead) values, more than twice the file's \(bytes.count) bytes "
                       + "(too many tensors share storages)")
        }
        let values = bytes.withUnsafeBytes { layout.gather($0, base: storage.data.lowerBound, dtype: storage.dtype, count: count) }
        return (storage.dtypeName, FloatArray(shape: layout.shape, values: values))
    }

    /// The storage a persistent id names, its type checked and its entry's size against its numel.
    private mutating func storage(_ id: PickleValue, fail: (String) -> FileError) throws -> Storage {
        guard case .persistentID(let tuple) = heap.object(id), case .tuple(let fields) = heap.object(tuple), fields.count == 5,
              case .string("storage") = fields[0], case .global(.storage(let typeName)) = fields[1],
              case .string(let key) = fields[2], case .string = fields[3], case .int(let count) = fields[4], count >= 0 else {
            throw fail("its storage is not ('storage', torch.<Type>Storage, key, location, numel)")
        }
        guard let (dtype, dtypeName) = Self.readableStorages[typeName] else {
            throw fail("torch.\(typeName) is not read (float, integer and bool storages are)")
        }
        if let known = storages[key] {
            guard known.typeName == typeName, known.count == count else {
                throw fail("storage \(quotedName(key)) is named as \(typeName) of \(count) and as \(known.typeName) of \(known.count)")
            }
            return known
        }
        let path = "\(folder)/data/\(key)"
        guard let entry = archive.entry(named: path) else { throw fail("no zip entry \(quotedName(path)) for its storage") }
        let data = try archive.dataRange(of: entry, in: bytes)
        guard let needed = checkedByteCount(count, elementSize: dtype.size), needed == data.count else {
            throw fail("storage \(quotedName(key)) holds \(data.count) bytes, but \(count) elements of \(typeName) need \(count) × \(dtype.size)")
        }
        let storage = Storage(typeName: typeName, dtype: dtype, dtypeName: dtypeName, count: count, data: data)
        storages[key] = storage
        return storage
    }

    /// A tuple of ints (a `torch.Size` or a stride), or nil.
    private func integers(_ value: PickleValue) -> [Int]? {
        guard case .tuple(let items) = heap.object(value) else { return nil }
        var numbers: [Int] = []
        for item in items {
            guard case .int(let number) = item else { return nil }
            numbers.append(number)
        }
        return numbers
    }
}
