// libFuzzer harness for the torch.save checkpoint reader — ZIP archive, restricted unpickler,
// strided tensors — built by fuzz/run.sh with Sources/RecurrentIO/Formats. Any input must either
// parse or throw a one-line FileError, never crash; what parses must hold consistent tensors no
// larger than the reader's budget (twice the file's bytes in values), and survive a round trip
// through the .pt writer.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTorchZip(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let file: WeightsFile
    do {
        file = try WeightsFile(bytes: bytes, source: "fuzz")
    } catch let error as FileError {
        precondition(!error.description.contains("\n"), "an error of several lines: \(error)")
        return 0
    } catch {
        preconditionFailure("not a FileError: \(error)")
    }
    guard file.format == .torchZip else { return 0 }
    var names = Set<String>()
    var values = 0
    for entry in file.entries {
        precondition(checkedElementCount(entry.array.shape) == entry.array.values.count, "count does not match shape")
        precondition(names.insert(entry.name).inserted, "a name twice")
        values += entry.array.values.count
    }
    precondition(values <= 2 * size, "more values than the budget")
    // What was read, written again by our torch.save writer, reads back the same.
    let back = try! WeightsFile(bytes: encodeTorchStateDict(file.entries.map { ($0.name, $0.array) }), source: "fuzz")
    precondition(back.entries.map(\.name) == file.entries.map(\.name), "names changed in a round trip")
    for (a, b) in zip(file.entries, back.entries) {
        precondition(a.array.shape == b.array.shape && a.array.values.map(\.bitPattern) == b.array.values.map(\.bitPattern),
                     "a tensor changed in a round trip")
    }
    return 0
}
