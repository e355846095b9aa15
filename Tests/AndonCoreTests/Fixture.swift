import AndonCore
import Foundation

/// Recorded Prometheus answers under Fixtures/.
enum Fixture {
    static func bytes(_ name: String) -> [UInt8] {
        let url = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!.appendingPathComponent(name)
        return Array(try! Data(contentsOf: url))
    }

    static func response(_ name: String, status: Int = 200) -> HTTPResponse {
        HTTPResponse(status: status, body: bytes(name))
    }

    static func body(_ text: String, status: Int = 200) -> HTTPResponse {
        HTTPResponse(status: status, body: Array(text.utf8))
    }
}
