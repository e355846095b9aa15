import AndonCore
import Foundation
import Logging

#if canImport(Glibc)
    import Glibc
#endif

/// The board's event log (`log:`, `--log`): what the board saw, one line per event (`EventLog`), carried by
/// swift-log to a handler that writes the line in the configured format (`EventLogFormat`) to a file opened for
/// appending, or to standard error (`log: stderr`; under systemd, the journal). One `write` per line, so that
/// lines never interleave mid-line; a reload opens the file again, for logrotate's `postrotate`.
public final class EventLogWriter: Sendable {
    let logger: Logger
    let sink: Sink

    /// Where the lines go: a descriptor, the file it was opened from (nil: standard error), and whether it is
    /// ours to close.
    final class Sink: Sendable {
        let descriptor: Int32
        let path: String?
        let format: LogFormat
        let lock = Locked(())
        /// Why the last line could not be written, and how many were lost since the last line that was.
        let failure = Locked<(reason: String, lost: Int)?>(nil)

        var owned: Bool { path != nil }

        init(descriptor: Int32, path: String?, format: LogFormat) {
            self.descriptor = descriptor
            self.path = path
            self.format = format
        }

        /// Opens the file again at its path onto the same descriptor (after logrotate moved it away): lines go
        /// to the new file from the next one on. A file that cannot be opened leaves the old one in use.
        func reopen() {
            guard let path else { return }
            let fresh = Glibc.open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o640)
            guard fresh >= 0 else { return }
            lock.withLock { _ in
                _ = dup2(fresh, descriptor)
                _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
            }
            _ = Glibc.close(fresh)
        }

        func write(_ event: LogEntry) {
            let line = Array((EventLogFormat.line(event, format: format) + "\n").utf8)
            let error: Int32? = lock.withLock { _ in
                line.withUnsafeBytes { bytes -> Int32? in
                    var offset = 0
                    while offset < bytes.count {
                        let written = Glibc.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                        if written < 0 && errno == EINTR { continue }
                        if written <= 0 { return written < 0 ? errno : ENOSPC }
                        offset += written
                    }
                    return nil
                }
            }
            failure.withLock { failure in
                guard let error else {
                    failure = nil
                    return
                }
                failure = (String(cString: strerror(error)), (failure?.lost ?? 0) + 1)
            }
        }
    }

    /// An event through swift-log: the handler finds it whole in the metadata (its fields in order); any other
    /// handler prints its text line.
    struct Carried: CustomStringConvertible, Sendable {
        let event: LogEntry
        var description: String { EventLogFormat.line(event, format: .text) }
    }

    /// swift-log's handler for the board's events.
    struct Handler: LogHandler {
        let sink: Sink
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .info

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            guard case .stringConvertible(let value) = event.metadata?["andon.event"],
                let carried = value as? Carried
            else {
                // A message from elsewhere: a line of its own, inert as every other.
                sink.write(
                    LogEntry(
                        time: Date().timeIntervalSince1970, event: "message",
                        fields: [.init("level", event.level.rawValue), .init("text", "\(event.message)")]))
                return
            }
            sink.write(carried.event)
        }
    }

    init(sink: Sink) {
        self.sink = sink
        logger = Logger(label: "andon.board") { _ in Handler(sink: sink) }
    }

    /// The log the configuration asks for, or nil; a file that cannot be opened is a configuration error (78),
    /// which names the file and why.
    public static func open(_ config: Config) throws(LaunchFailure) -> EventLogWriter? {
        guard let path = config.log else { return nil }
        if path == "stderr" {
            return EventLogWriter(sink: Sink(descriptor: STDERR_FILENO, path: nil, format: config.logFormat))
        }
        let descriptor = Glibc.open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o640)
        guard descriptor >= 0 else {
            let reason = String(cString: strerror(errno))
            let file = config.source.map { "\($0): " } ?? ""
            throw LaunchFailure(
                "\(file)log: cannot open \(TextSanitizer.inert(path, limit: 200)): \(reason)",
                status: ConfigError.exitCode)
        }
        return EventLogWriter(sink: Sink(descriptor: descriptor, path: path, format: config.logFormat))
    }

    /// Logs `events` in order.
    public func write(_ events: [LogEntry]) {
        for event in events {
            logger.info("\(event.event)", metadata: ["andon.event": .stringConvertible(Carried(event: event))])
        }
    }

    /// Why lines could not be written, or nil while they can: "event log: cannot write: No space left on device".
    public func problem() -> String? {
        sink.failure.withLock { $0 }.map { "event log: cannot write: \($0.reason) (\($0.lost) lost)" }
    }

    /// Opens the log file again (a reload), so that a rotated log goes on in a new file.
    public func reopen() { sink.reopen() }

    public func close() {
        if sink.owned { _ = Glibc.close(sink.descriptor) }
    }
}
