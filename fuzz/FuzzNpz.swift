// libFuzzer harness for the .npz reader (built by fuzz/run.sh with Sources/RecurrentIO/Formats).
// Any input must parse or throw FileError; what parses must round-trip through our .npz writer.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzNpz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let arrays = try? npzArrays(bytes, source: "fuzz") else { return 0 }
    for (_, array) in arrays {
        precondition(checkedElementCount(array.shape) == array.values.count, "count does not match shape")
    }
    let back = try! npzArrays(encodeNpz(arrays), source: "fuzz")
    precondition(back.map(\.name) == arrays.map(\.name), "names changed in a round trip")
    for (a, b) in zip(arrays, back) {
        precondition(a.array.shape == b.array.shape && a.array.values.map(\.bitPattern) == b.array.values.map(\.bitPattern),
                     "array changed in a round trip")
    }
    return 0
}
