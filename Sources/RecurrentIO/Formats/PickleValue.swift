/// What the restricted unpickler builds (`TorchPickle`): plain values, and references to the
/// objects of a `PickleHeap`. Values never contain values, so no value is nested, however deep
/// the pickle nests its tuples: nothing recurses to build, compare or free them.
enum PickleValue: Hashable {
    case none
    case bool(Bool)
    case int(Int)
    case float(Double)
    case string(String)
    /// A global of the allow-list; it is named, never imported or called.
    case global(PickleGlobal)
    /// An index into the heap.
    case object(Int)
}

/// The globals a state dict needs, the only ones a pickle may name. Anything else is refused.
enum PickleGlobal: Hashable {
    /// `collections.OrderedDict`, what `state_dict()` returns.
    case orderedDict
    /// `torch._utils._rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata])`.
    case rebuildTensorV2
    /// `torch._utils._rebuild_tensor(storage, storage_offset, size, stride)`.
    case rebuildTensor
    /// `torch._utils._rebuild_parameter(data, requires_grad, backward_hooks)`: an `nn.Parameter`.
    case rebuildParameter
    /// `torch.<Name>Storage`, the storage type in a tensor's persistent id (`FloatStorage`, …).
    case storage(String)

    /// The storage type names of `torch` (their element types are decided when a tensor is built).
    static let storageNames: Set<String> = Set(["Double", "Float", "Half", "BFloat16", "Long", "Int", "Short", "Char",
                                                "Byte", "Bool", "ComplexDouble", "ComplexFloat", "QUInt8", "QInt8",
                                                "QInt32", "QUInt4x2", "QUInt2x4"].map { $0 + "Storage" })

    /// The allowed global `module.name`, or nil.
    init?(module: String, name: String) {
        switch (module, name) {
        case ("collections", "OrderedDict"): self = .orderedDict
        case ("torch._utils", "_rebuild_tensor_v2"): self = .rebuildTensorV2
        case ("torch._utils", "_rebuild_tensor"): self = .rebuildTensor
        case ("torch._utils", "_rebuild_parameter"): self = .rebuildParameter
        case ("torch", _) where Self.storageNames.contains(name): self = .storage(name)
        default: return nil
        }
    }
}

/// The mutable objects of one pickle, referred to by index from `PickleValue.object`.
enum PickleObject {
    case tuple([PickleValue])
    case list([PickleValue])
    case dict(PickleDict)
    /// A call of an allowed global recorded, not made: `_rebuild_tensor_v2(args…)` and the like.
    case call(PickleGlobal, arguments: [PickleValue])
    /// `BINPERSID`: the id torch gives a storage, `('storage', torch.FloatStorage, key, location, numel)`.
    case persistentID(PickleValue)
}

/// A Python dict (or `OrderedDict`) in insertion order; setting a key again replaces its value in place.
struct PickleDict {
    private(set) var items: [(key: PickleValue, value: PickleValue)] = []
    private var indexByKey: [PickleValue: Int] = [:]

    mutating func set(_ key: PickleValue, _ value: PickleValue) {
        if let index = indexByKey[key] {
            items[index].value = value
        } else {
            indexByKey[key] = items.count
            items.append((key, value))
        }
    }
}

/// The result of unpickling: the value `STOP` returned and the objects it refers to.
struct PickleHeap {
    var objects: [PickleObject] = []

    /// Stores `object` and returns the value that refers to it.
    mutating func add(_ object: PickleObject) -> PickleValue {
        objects.append(object)
        return .object(objects.count - 1)
    }

    /// The object `value` refers to, or nil for a plain value.
    func object(_ value: PickleValue) -> PickleObject? {
        guard case .object(let index) = value else { return nil }
        return objects[index]
    }
}
