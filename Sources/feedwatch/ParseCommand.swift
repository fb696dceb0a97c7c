import ArgumentParser
import Foundation
import FeedwatchModel
import FeedwatchParse

/// `feedwatch parse`: parse feed documents and print the normalized document or a one-line summary.
struct ParseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Parse feed documents (RSS, RDF, Atom, JSON Feed).",
        discussion: """
            With --json, prints the normalized document of shared/spec/parse-json.md (one line per file, \
            JSON Lines for several files, in argument order). Without it, one line per file: \
            FILE: FORMAT VERSION, N items[, W warnings]. Warnings go to stderr, one line each. \
            Exit status: 0 when every file was a feed, 65 when one was not, 66 when one could not be read.
            """)

    @Flag(name: .long, help: "Print the normalized JSON document instead of a summary line.")
    var json = false

    @Option(name: .customLong("base-url"), help: "The documents' own URL, for resolving relative links.")
    var baseURL: String?

    @Argument(help: "Feed files to parse, or - for standard input.")
    var files: [String]

    func validate() throws {
        if files.isEmpty { throw ValidationError("Give at least one FILE, or - for standard input.") }
        if files.filter({ $0 == "-" }).count > 1 { throw ValidationError("Standard input (-) can be read only once.") }
    }

    func run() async throws {
        let parser = FeedParser()
        var sawBadData = false
        var sawNoInput = false
        var standardOutput = BufferedOutput(FileHandle.standardOutput)
        var standardError = BufferedOutput(FileHandle.standardError)
        let input = InputBuffer()
        for file in files {
            // Valid until the next file is read: it is parsed (and printed) before that.
            let data: Data
            do {
                data = try Self.read(file, limit: parser.limits.maxInputBytes, into: input)
            } catch let failure as InputFailure {
                standardError.writeLine("\(file): \(failure.message)")
                if failure.isTooLarge { sawBadData = true } else { sawNoInput = true }
                continue
            }
            do {
                let parsed = try parser.parse(data, baseURL: baseURL)
                for warning in parsed.warnings { standardError.writeLine("\(file): warning: \(warning)") }
                if json {
                    standardOutput.writeLine(FeedJSON.encode(parsed.feed))
                } else {
                    standardOutput.writeLine(Self.summary(file, parsed))
                }
            } catch {
                standardError.writeLine("\(file): \(error.description)")
                sawBadData = true
            }
        }
        standardOutput.flush()
        standardError.flush()
        if sawNoInput { throw ExitStatus.noInput }
        if sawBadData { throw ExitStatus.dataError }
    }

    static func summary(_ file: String, _ parsed: ParsedFeed) -> String {
        var line = "\(file): \(parsed.feed.format.rawValue)"
        if let version = parsed.feed.version { line += " \(version)" }
        let count = parsed.feed.items.count
        line += ", \(count) item\(count == 1 ? "" : "s")"
        if !parsed.warnings.isEmpty {
            line += ", \(parsed.warnings.count) warning\(parsed.warnings.count == 1 ? "" : "s")"
        }
        return line
    }

    struct InputFailure: Error {
        var message: String
        var isTooLarge = false
    }

    /// The contents of `file` (or standard input for `-`), at most `limit` bytes. A file's bytes are
    /// read into `input` and are valid only until its next use.
    static func read(_ file: String, limit: Int, into input: InputBuffer) throws -> Data {
        if file == "-" {
            let data = FileHandle.standardInput.readDataToEndOfFile()
            if data.count > limit { throw InputFailure(message: "input is larger than \(limit) bytes", isTooLarge: true) }
            return data
        }
        let descriptor = open(file, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw InputFailure(message: "cannot read: \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            throw InputFailure(message: "cannot read: \(String(cString: strerror(errno)))")
        }
        if (status.st_mode & S_IFMT) == S_IFDIR { throw InputFailure(message: "cannot read: is a directory") }
        if Int(status.st_size) > limit {
            throw InputFailure(message: "refused: file is \(status.st_size) bytes, more than \(limit)", isTooLarge: true)
        }
        let count = try input.fill(from: descriptor, expected: Int(status.st_size), limit: limit)
        return Data(bytesNoCopy: input.bytes, count: count, deallocator: .none)
    }
}

/// One buffer, reused for every input file: reading a file is a read(2) into memory that is
/// already mapped, not a fresh allocation (and its page faults) per file. It grows to the largest
/// file read (at most the input limit) and keeps that size.
final class InputBuffer {
    private(set) var bytes: UnsafeMutableRawPointer
    private var capacity: Int

    init() {
        capacity = 1 << 16
        bytes = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
    }

    deinit { bytes.deallocate() }

    /// Reads `descriptor` to its end (`expected` bytes, or more if the file grew); returns the count.
    func fill(from descriptor: Int32, expected: Int, limit: Int) throws -> Int {
        reserve(expected + 1, keeping: 0)
        var count = 0
        while true {
            if count == capacity { reserve(capacity * 2, keeping: count) }
            let got = Glibc.read(descriptor, bytes + count, capacity - count)
            if got < 0 {
                if errno == EINTR { continue }
                throw ParseCommand.InputFailure(message: "cannot read: \(String(cString: strerror(errno)))")
            }
            if got == 0 { return count }
            count += got
            if count > limit {
                throw ParseCommand.InputFailure(message: "refused: file is more than \(limit) bytes", isTooLarge: true)
            }
        }
    }

    /// Grows to at least `needed` bytes, keeping the first `kept`.
    private func reserve(_ needed: Int, keeping kept: Int) {
        guard needed > capacity else { return }
        var newCapacity = capacity
        while newCapacity < needed { newCapacity *= 2 }
        let grown = UnsafeMutableRawPointer.allocate(byteCount: newCapacity, alignment: 16)
        grown.copyMemory(from: bytes, byteCount: kept)
        bytes.deallocate()
        bytes = grown
        capacity = newCapacity
    }
}

/// A stdout/stderr writer that batches lines, so parsing many files is not dominated by write calls.
struct BufferedOutput {
    private let handle: FileHandle
    private var buffer = Data()

    init(_ handle: FileHandle) {
        self.handle = handle
    }

    mutating func writeLine(_ line: String) {
        buffer.append(contentsOf: line.utf8)
        buffer.append(0x0A)
        if buffer.count >= 1 << 16 { flush() }
    }

    mutating func flush() {
        guard !buffer.isEmpty else { return }
        handle.write(buffer)
        buffer.removeAll(keepingCapacity: true)
    }
}
