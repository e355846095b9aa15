// Fuzz targets for what reads untrusted input: Prometheus' answers, the configuration file, theme files.
//
// Built with libFuzzer by `scripts/fuzz` (`-sanitize=fuzzer -parse-as-library -DFUZZING`), the target is chosen
// by ANDON_FUZZ_TARGET (decoder, config or theme). Built normally, it replays the files named on its command line
// through all three (the regression mode the tests use for the inputs kept in Tests/Fuzz/).
import AndonCore
import Foundation

enum FuzzTarget: String, CaseIterable {
    case decoder, config, theme

    /// Feeds one input to the code under test. Errors are expected answers; a crash or a hang is a finding.
    func run(_ bytes: [UInt8]) {
        switch self {
        case .decoder:
            for status in [200, 400, 503] {
                let response = HTTPResponse(status: status, body: bytes)
                _ = try? ResponseDecoder.query(response)
                _ = try? ResponseDecoder.alerts(response)
                _ = try? ResponseDecoder.rules(response)
            }
            if let reading = try? ResponseDecoder.query(HTTPResponse(status: 200, body: bytes)) {
                _ = Reading.evaluate(.standard(.kanban), .success(reading))
            }
        case .config:
            _ = try? ConfigParser.parse(yaml: String(decoding: bytes, as: UTF8.self), file: "fuzz.yaml")
        case .theme:
            _ = try? ThemeParser.parse(yaml: String(decoding: bytes, as: UTF8.self), file: "fuzz.yaml")
        }
    }
}

#if FUZZING
    let selected = FuzzTarget(
        rawValue: ProcessInfo.processInfo.environment["ANDON_FUZZ_TARGET"] ?? "decoder")!

    /// libFuzzer's driver, started from our own entry point: SwiftPM links an executable's `main` to
    /// `<module>_main`, so libFuzzer's `main` is not the one that runs.
    @_silgen_name("LLVMFuzzerRunDriver")
    func runDriver(
        _ argc: UnsafeMutablePointer<Int32>,
        _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
        _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
    ) -> Int32

    @_cdecl("andon_fuzz_main")
    public func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
        var count = argc
        var arguments = argv
        return runDriver(&count, &arguments) { data, size in
            guard let data else { return 0 }
            return fuzzOneInput(data, size)
        }
    }

    @_cdecl("LLVMFuzzerTestOneInput")
    public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
        selected.run(Array(UnsafeBufferPointer(start: data, count: size)))
        return 0
    }
#else
    @main
    enum Replay {
        static func main() {
            var replayed = 0
            for path in CommandLine.arguments.dropFirst() {
                let files: [String]
                var isDirectory: ObjCBool = false
                if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
                    files = ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted().map {
                        "\(path)/\($0)"
                    }
                } else {
                    files = [path]
                }
                for file in files {
                    guard let data = FileManager.default.contents(atPath: file) else { continue }
                    for target in FuzzTarget.allCases { target.run(Array(data)) }
                    replayed += 1
                }
            }
            print(
                "andon-fuzz: replayed \(replayed) inputs through \(FuzzTarget.allCases.count) targets without a crash")
        }
    }
#endif
