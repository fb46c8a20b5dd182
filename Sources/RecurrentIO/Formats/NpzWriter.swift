/// Encodes named F32 arrays as a `.npz` — numpy's archive of `.npy` files, what `np.savez` writes:
/// a stored ZIP (`ZipWriter`) with one entry `<name>.npy` per array, in the order given, so that
/// `np.load("out.npz")["output"]` is the array named `output`.
public func encodeNpz(_ arrays: [(name: String, array: FloatArray)]) -> [UInt8] {
    var zip = ZipWriter()
    for (name, array) in arrays { zip.add(name + ".npy", NpyFormat.encode(array)) }
    return zip.finished()
}
