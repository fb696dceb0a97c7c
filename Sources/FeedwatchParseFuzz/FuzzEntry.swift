// FeedwatchParseFuzz: a libFuzzer target for the feed parser (see docs/fuzzing.md).
//
// Built with `-Xswiftc -DFUZZING -Xswiftc -sanitize=fuzzer,address`,
// it exports LLVMFuzzerTestOneInput and libFuzzer drives it. Built plainly (as `swift build` does
// for every target), it is a replay tool: it parses each file given on the command line once, so
// a crash input can be reproduced without the fuzzing toolchain.
import Foundation
import FeedwatchModel
import FeedwatchParse

/// Parses one input with tight limits and encodes the result: any crash, hang or sanitizer report is a bug.
func parseOnce(_ data: Data) {
    var limits = ParseLimits.default
    limits.maxDuration = .seconds(2)
    do {
        let parsed = try FeedParser(limits: limits).parse(data, baseURL: "https://example.org/feed/")
        _ = FeedJSON.encode(parsed.feed)
    } catch {
        _ = error.description
    }
}

#if FUZZING
/// The libFuzzer entry point.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    guard let bytes else { return 0 }
    parseOnce(Data(bytes: bytes, count: count))
    return 0
}

/// libFuzzer's driver (compiler-rt, LLVM 12 and later).
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

/// SwiftPM links an executable's entry point under this name; hand control to libFuzzer's driver.
@_cdecl("FeedwatchParseFuzz_main")
public func fuzzerMain(
    _ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
) -> CInt {
    var count = argc
    var arguments = argv
    return runFuzzerDriver(&count, &arguments) { bytes, length in fuzzOneInput(bytes, length) }
}
#else
/// The replay tool: parses each file named on the command line once.
@main
struct ReplayInputs {
    static func main() {
        for path in CommandLine.arguments.dropFirst() {
            guard let data = FileManager.default.contents(atPath: path) else {
                FileHandle.standardError.write(Data("\(path): cannot read\n".utf8))
                exit(66)
            }
            parseOnce(data)
            print("\(path): ok")
        }
    }
}
#endif
