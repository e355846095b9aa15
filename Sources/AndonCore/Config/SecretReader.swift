import Foundation

/// Reads secrets at the moment they are needed, so that a rotated token file is picked up on the next refresh.
public enum SecretReader {
    /// The secret's value with surrounding whitespace (a trailing newline) removed.
    public static func read(_ source: SecretSource, environment: [String: String]) -> Result<String, SecretError> {
        readTrimmed(source, environment: environment).flatMap { value in
            // A line break inside a token would end the header it is sent in and start another (the same
            // refusal as for `headers:`); no control character belongs in a credential.
            guard !value.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
                return .failure(
                    SecretError(message: "\(source.description) holds a line break or another control character"))
            }
            return .success(value)
        }
    }

    static func readTrimmed(_ source: SecretSource, environment: [String: String]) -> Result<String, SecretError> {
        switch source {
        case .environment(let name):
            guard let value = environment[name], !value.isEmpty else {
                return .failure(SecretError(message: "environment variable \(name) is not set or empty"))
            }
            return .success(value.trimmingCharacters(in: .whitespacesAndNewlines))
        case .file(let path):
            // A regular file of a secret's size: a FIFO or /dev/zero would never end.
            var status = stat()
            if stat(path, &status) == 0, (status.st_mode & S_IFMT) != S_IFREG || status.st_size > 65_536 {
                return .failure(SecretError(message: "\(path) is not a regular file of at most 64 KiB"))
            }
            guard let data = FileManager.default.contents(atPath: path) else {
                return .failure(
                    SecretError(
                        message: FileManager.default.fileExists(atPath: path)
                            ? "cannot read \(path) (permissions?)" : "no such file: \(path)"))
            }
            let value = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            guard !value.isEmpty else { return .failure(SecretError(message: "\(path) is empty")) }
            return .success(value)
        }
    }

    /// A problem reading the secret, or nil; never the secret itself.
    public static func problem(with source: SecretSource, environment: [String: String]) -> String? {
        if case .failure(let error) = read(source, environment: environment) { return error.message }
        return nil
    }

    /// Whether a secret file can be read by users other than its owner (worth a warning).
    public static func isReadableByOthers(_ path: String) -> Bool {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
            let permissions = attributes[.posixPermissions] as? NSNumber
        else { return false }
        return permissions.intValue & 0o044 != 0
    }
}

/// Why a secret could not be read; the message never contains the secret.
public struct SecretError: Error, Sendable, Equatable {
    public var message: String
}
