import Foundation
import Recurrent

// MARK: Input sequences (and h0) from files

/// Reads an input sequence or an initial state, by the file's extension:
/// - `.npy` — the array (float32/float64, C or Fortran order);
/// - `.csv` — rows are timesteps, columns features → `(T, D)`;
/// - `.npz` (`np.savez`), `.safetensors`, `.pt`/`.pth` (`torch.save(x)` of a tensor or a dict of
///   tensors) — the file's one array, or the one named after a colon: `batch.pt:h0`, `data.npz:x`.
///
/// `FILE:NAME` is read as a name only when `FILE:NAME` itself is not a file and `FILE` is.
/// - Throws: `FileError` naming the file: unknown extension, unknown name, or several arrays and no name.
public func loadSequence(path: String) throws -> Tensor {
    try checkPathNotEmpty(path)
    let (file, name) = splitArrayName(path)
    let arrays = try arraysInSequenceFile(file)
    if arrays.count == 1, arrays[0].name.isEmpty {   // .npy, .csv: the file is the array
        if let name { throw FileError(file, "holds one array: there is no array named \(quotedName(name)) to choose") }
        return arrays[0].tensor
    }
    return try pick(name, from: arrays, in: file)
}

/// Every array a sequence file holds, by name (one unnamed array for `.npy` and `.csv`; `tensor`
/// for a `torch.save`'d lone tensor), for `loadSequence` and for `inspect`.
public func arraysInSequenceFile(_ file: String) throws -> [(name: String, tensor: Tensor)] {
    try checkPathNotEmpty(file)
    let format = (file as NSString).pathExtension.lowercased()
    switch format {
    case "npy", "csv":
        let bytes = try readFileBytes(path: file)
        return [("", format == "npy" ? Tensor(try NpyFormat.parse(bytes, source: file)) : Tensor(try CSVFormat.parse(bytes, source: file).array))]
    case "npz":
        return try npzArrays(readFileBytes(path: file), source: file).map { ($0.name, Tensor($0.array)) }
    case "safetensors", "pt", "pth":
        let weights = try WeightsFile(bytes: readFileBytes(path: file), source: file, singleTensor: "tensor")
        return weights.entries.map { ($0.name, Tensor($0.array)) }
    default:
        throw FileError(file, "unknown sequence format (expected .npy, .csv, .npz, .safetensors or .pt)")
    }
}

/// The file a `loadSequence` path reads (`data.pt` for `data.pt:h0`), so a command can tell
/// whether an output would land on one of its inputs.
public func sequenceFilePath(_ path: String) -> String { splitArrayName(path).file }

/// `("data.pt", "h0")` for `data.pt:h0` when only `data.pt` exists — or when neither does but
/// `data.pt` has the extension of a file of named arrays, so that the error names the missing
/// file ("data.pt: no such file"); else the path and nil.
private func splitArrayName(_ path: String) -> (file: String, name: String?) {
    let exists = { FileManager.default.fileExists(atPath: $0) }
    guard !exists(path), let colon = path.lastIndex(of: ":") else { return (path, nil) }
    let file = String(path[..<colon]), name = String(path[path.index(after: colon)...])
    let holdsNamedArrays = ["npz", "safetensors", "pt", "pth"].contains((file as NSString).pathExtension.lowercased())
    return !name.isEmpty && (exists(file) || holdsNamedArrays) ? (file, name) : (path, nil)
}

/// The array called `name`, or the only one when `name` is nil.
private func pick(_ name: String?, from arrays: [(name: String, tensor: Tensor)], in file: String) throws -> Tensor {
    let listed = arrays.map { quotedName($0.name) }.joined(separator: ", ")
    if let name {
        guard let found = arrays.first(where: { $0.name == name }) else {
            throw FileError(file, "no array named \(quotedName(name)) (it holds \(arrays.isEmpty ? "none" : listed))")
        }
        return found.tensor
    }
    guard arrays.count == 1 else {
        throw FileError(file, arrays.isEmpty ? "holds no array"
                        : "holds \(arrays.count) arrays (\(listed)): choose one as \(file):NAME")
    }
    return arrays[0].tensor
}
