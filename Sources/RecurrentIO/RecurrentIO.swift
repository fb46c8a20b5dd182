import Foundation
import Recurrent

// Entry points the command line uses: files in, tensors and models out, and back.
// The byte-level formats live in Formats/ (Foundation only, so the fuzz harnesses compile them alone).

/// Reads a state dict into `name → tensor` (converted to Float): a `.safetensors` file or a
/// `torch.save`'d one (`.pt`/`.pth`), told apart by the file's first bytes.
public func loadStateDict(path: String) throws -> [String: Tensor] {
    try loadWeightsFile(path: path).stateDict
}

/// Reads a state dict file of either format with its dtypes, order and (safetensors) metadata.
public func loadWeightsFile(path: String) throws -> WeightsFile {
    try WeightsFile(bytes: readFileBytes(path: path), source: path)
}

/// Reads a `.safetensors` file with its dtypes, data order and metadata.
public func loadSafetensors(path: String) throws -> SafetensorsFile {
    try SafetensorsFile(bytes: readFileBytes(path: path), source: path)
}


/// Writes F32 tensors as `.safetensors` in the given order, atomically.
public func saveSafetensors(_ tensors: [(name: String, tensor: Tensor)], metadata: [String: String] = [:],
                            path: String) throws {
    let arrays = tensors.map { (name: $0.name, array: FloatArray($0.tensor)) }
    try writeFileAtomically(encodeSafetensors(arrays, metadata: metadata), path: path)
}

/// Writes a tensor as a float32 C-order `.npy`, atomically.
public func saveNpy(_ tensor: Tensor, path: String) throws {
    try writeFileAtomically(NpyFormat.encode(FloatArray(tensor)), path: path)
}

/// Writes F32 tensors as a `torch.save` file (`torch.load(path)` gives an OrderedDict of them), in
/// the given order, atomically. Refuses what a ZIP without ZIP64 cannot hold.
public func saveTorchStateDict(_ tensors: [(name: String, tensor: Tensor)], path: String) throws {
    guard ZipWriter.fitsWithoutZip64(entries: tensors.count + 3, dataBytes: tensors.reduce(0) { $0 + $1.tensor.count * 4 }) else {
        throw FileError(path, "too large for a .pt without ZIP64 (over 4 GiB or 65,535 tensors); write .safetensors instead")
    }
    try writeFileAtomically(encodeTorchStateDict(tensors.map { (name: $0.name, array: FloatArray($0.tensor)) }), path: path)
}

/// Writes F32 tensors as a `.npz` (numpy's archive: `np.load(path)[name]`), in the given order,
/// atomically. Refuses what a ZIP without ZIP64 cannot hold (4 GiB, 65,535 arrays).
public func saveNpz(_ tensors: [(name: String, tensor: Tensor)], path: String) throws {
    guard ZipWriter.fitsWithoutZip64(entries: tensors.count, dataBytes: tensors.reduce(0) { $0 + $1.tensor.count * 4 }) else {
        throw FileError(path, "too large for .npz (over 4 GiB or 65,535 arrays); write .safetensors instead")
    }
    try writeFileAtomically(encodeNpz(tensors.map { (name: $0.name, array: FloatArray($0.tensor)) }), path: path)
}
