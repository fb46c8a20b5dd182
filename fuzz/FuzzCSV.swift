// libFuzzer harness for the CSV reader (built by fuzz/run.sh with Sources/RecurrentIO/Formats).
// Any input must parse or throw FileError; what parses is a (T, D) table with T·D values, a header
// of no empty name, and the same table with a UTF-8 byte-order mark in front.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSV(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let table = try? CSVFormat.parse(bytes, source: "fuzz") else { return 0 }
    let shape = table.array.shape
    precondition(shape.count == 2 && shape[0] * shape[1] == table.array.values.count, "count does not match shape")
    precondition(table.columnNames.isEmpty || table.columnNames.count == shape[1], "header and rows disagree")
    precondition(!table.columnNames.contains(""), "an empty header name")
    // A byte-order mark in front changes nothing (Excel's "CSV UTF-8").
    if !bytes.starts(with: CSVFormat.byteOrderMark) {
        let marked = try? CSVFormat.parse(CSVFormat.byteOrderMark + bytes, source: "fuzz")
        precondition(marked?.columnNames == table.columnNames && marked?.array.shape == shape
                     && marked?.array.values.map(\.bitPattern) == table.array.values.map(\.bitPattern), "a BOM changed the table")
    }
    return 0
}
