/// NumPy's `.npy` format: magic `\x93NUMPY`, version, a little-endian header length (2 bytes in
/// version 1, 4 in versions 2 and 3), a Python dict literal
/// `{'descr': '<f4', 'fortran_order': False, 'shape': (T, D), }` padded with spaces and `\n`, then the data.
///
/// Read: float32 / float64 little-endian, C or Fortran order (Fortran data is reordered to C order).
/// Written: float32, C order, version 1.0, header padded so the data starts at a multiple of 64.
public enum NpyFormat {
    static let magic: [UInt8] = [0x93] + Array("NUMPY".utf8)

    /// Parses the bytes of a `.npy` file into a C-order array; `source` names it in errors.
    public static func parse(_ bytes: [UInt8], source: String) throws -> FloatArray {
        func fail(_ problem: String) -> FileError { FileError(source, problem) }
        guard !bytes.isEmpty else { throw fail("empty file") }
        guard bytes.count >= 6, Array(bytes[0..<6]) == magic else { throw fail("not a .npy file (bad magic)") }
        guard bytes.count >= 8 else { throw fail("truncated: the version is cut off") }
        let major = bytes[6]
        guard (1...3).contains(major) else { throw fail("unsupported .npy version \(major).\(bytes[7])") }
        let lengthSize = major == 1 ? 2 : 4
        guard bytes.count >= 8 + lengthSize else { throw fail("truncated: the header length is cut off") }
        let headerLength = Int(bytes.withUnsafeBytes { littleEndianUInt($0, at: 8, size: lengthSize) })
        let headerStart = 8 + lengthSize
        guard headerLength <= bytes.count - headerStart else {
            throw fail("header length \(headerLength) goes beyond the file (\(bytes.count - headerStart) bytes after it)")
        }
        let dataStart = headerStart + headerLength
        guard let text = String(validating: bytes[headerStart..<dataStart], as: UTF8.self) else {
            throw fail("header is not text")
        }
        let header: NpyHeader
        do { header = try NpyHeader(parsing: text) } catch let error as NpyHeader.ParseError {
            throw fail("bad header: \(error.problem)")
        }
        let dtype: StoredFloat
        switch header.descr {
        case "<f4": dtype = .float32
        case "<f8": dtype = .float64
        case ">f4", ">f8": throw fail("big-endian dtype '\(header.descr)' is not supported (save as '<f4' or '<f8')")
        default: throw fail("unsupported dtype '\(header.descr)' (float32 '<f4' or float64 '<f8' only)")
        }
        guard let count = checkedElementCount(header.shape), let needed = checkedByteCount(count, elementSize: dtype.size) else {
            throw fail("bad header: shape \(pythonTuple(header.shape)) is too large")
        }
        let available = bytes.count - dataStart
        guard available == needed else {
            throw fail(available < needed
                ? "truncated: shape \(pythonTuple(header.shape)) of '\(header.descr)' needs \(needed) data bytes, the file has \(available)"
                : "\(available - needed) bytes after the data of shape \(pythonTuple(header.shape))")
        }
        let stored = bytes.withUnsafeBytes { dtype.decode($0, at: dataStart, count: count) }
        let values = header.fortranOrder ? cOrder(fromFortran: stored, shape: header.shape) : stored
        return FloatArray(shape: header.shape, values: values)
    }

    /// A `.npy` file (version 1.0, `'<f4'`, C order) holding `array`.
    public static func encode(_ array: FloatArray) -> [UInt8] {
        var header = Array("{'descr': '<f4', 'fortran_order': False, 'shape': \(pythonTuple(array.shape)), }".utf8)
        let unpadded = magic.count + 2 + 2 + header.count + 1
        header += [UInt8](repeating: UInt8(ascii: " "), count: (64 - unpadded % 64) % 64) + [UInt8(ascii: "\n")]
        var bytes = magic + [1, 0]
        appendLittleEndian(UInt16(header.count), to: &bytes)
        bytes += header
        for value in array.values { appendLittleEndian(value.bitPattern, to: &bytes) }
        return bytes
    }

    /// Reorders column-major values of `shape` to row-major.
    static func cOrder(fromFortran values: [Float], shape: [Int]) -> [Float] {
        guard shape.count > 1, !values.isEmpty else { return values }
        var fortranStrides = [Int](repeating: 1, count: shape.count)
        for axis in 1..<shape.count { fortranStrides[axis] = fortranStrides[axis - 1] * shape[axis - 1] }
        var index = [Int](repeating: 0, count: shape.count)
        var out = [Float]()
        out.reserveCapacity(values.count)
        for _ in 0..<values.count {
            out.append(values[zip(index, fortranStrides).reduce(0) { $0 + $1.0 * $1.1 }])
            var axis = shape.count - 1
            while axis >= 0 {
                index[axis] += 1
                if index[axis] < shape[axis] { break }
                index[axis] = 0
                axis -= 1
            }
        }
        return out
    }
}

/// Python's spelling of a shape tuple: `()`, `(5,)`, `(4, 3, 2)`.
func pythonTuple(_ shape: [Int]) -> String {
    shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
}
