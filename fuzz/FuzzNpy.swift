// libFuzzer harness for the .npy reader (built by fuzz/run.sh with Sources/RecurrentIO/Formats).
// Any input must parse or throw FileError; what parses must round-trip through our writer bit for bit.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzNpy(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let array = try? NpyFormat.parse(bytes, source: "fuzz") else { return 0 }
    precondition(checkedElementCount(array.shape) == array.values.count, "count does not match shape")
    let back = try! NpyFormat.parse(NpyFormat.encode(array), source: "fuzz")
    precondition(back.shape == array.shape && back.values.map(\.bitPattern) == array.values.map(\.bitPattern),
                 "array changed in a round trip")
    return 0
}
