// libFuzzer harness for the safetensors reader (built by fuzz/run.sh with the files of
// Sources/RecurrentIO/Formats). Any input must either parse or throw FileError — never crash —
// and what parses must survive our F32 writer and the reader again, bit for bit.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSafetensors(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let file = try? SafetensorsFile(bytes: bytes, source: "fuzz") else { return 0 }
    for entry in file.entries {
        precondition(checkedElementCount(entry.array.shape) == entry.array.values.count, "count does not match shape")
    }
    let rewritten = encodeSafetensors(file.entries.map { (name: $0.name, array: $0.array) }, metadata: file.metadata)
    let again = try! SafetensorsFile(bytes: rewritten, source: "fuzz")
    precondition(again.metadata == file.metadata, "metadata changed")
    let byName = Dictionary(again.entries.map { ($0.name, $0.array) }, uniquingKeysWith: { first, _ in first })
    for entry in file.entries {
        let back = byName[entry.name]!
        precondition(back.shape == entry.array.shape && back.values.map(\.bitPattern) == entry.array.values.map(\.bitPattern),
                     "tensor changed in a round trip")
    }
    return 0
}
