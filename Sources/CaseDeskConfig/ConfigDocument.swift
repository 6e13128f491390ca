import CaseDesk
import Foundation
import TOMLKit

/// A parsed TOML file as plain values, read key by key so that every mistake names its key and line,
/// and every key nobody asked for is reported as unknown.
public struct ConfigDocument: Sendable {
    public indirect enum Value: Sendable, Equatable {
        case string(String)
        case int(Int)
        case double(Double)
        case bool(Bool)
        case date(year: Int, month: Int, day: Int)
        case other(String)
        case array([Value])
        case table([String: Value])

        var typeName: String {
            switch self {
            case .string: "a string"
            case .int: "an integer"
            case .double: "a number with a fraction"
            case .bool: "true or false"
            case .date: "a date"
            case let .other(name): name
            case .array: "an array"
            case .table: "a table"
            }
        }
    }

    public let file: String
    public let root: [String: Value]
    /// The file's text as read.
    public let sourceText: String

    public init(text: String, file: String) throws(ConfigError) {
        self.file = file
        self.sourceText = text
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw ConfigError(file: file, line: error.source.begin.line,
                              problem: .syntax("\(error.description) (column \(error.source.begin.column))"))
        } catch {
            throw ConfigError(file: file, problem: .syntax(String(describing: error)))
        }
        root = ConfigDocument.convert(table)
    }

    public static func load(path: String) throws(ConfigError) -> ConfigDocument {
        try ConfigDocument(text: readText(path: path), file: path)
    }

    /// The file's text, unparsed; a file that cannot be read is named with the reason.
    public static func readText(path: String) throws(ConfigError) -> String {
        do {
            return try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            let reason = FileManager.default.fileExists(atPath: path) ? "not readable as UTF-8 text" : "no such file"
            throw ConfigError(file: path, problem: .unreadable(reason))
        }
    }

    private static func convert(_ table: TOMLTable) -> [String: Value] {
        var result: [String: Value] = [:]
        for key in table.keys {
            if let value = table[key] { result[key] = convert(value) }
        }
        return result
    }

    private static func convert(_ value: TOMLValueConvertible) -> Value {
        switch value.type {
        case .string: .string(value.string ?? "")
        case .int: .int(value.int ?? 0)
        case .double: .double(value.double ?? 0)
        case .bool: .bool(value.bool ?? false)
        case .date:
            value.date.map { .date(year: $0.year, month: $0.month, day: $0.day) } ?? .other("a date")
        case .time: .other("a time of day")
        case .dateTime: .other("a date with a time")
        case .array: .array(value.array.map { array in array.map { convert($0) } } ?? [])
        case .table: .table(value.table.map(convert) ?? [:])
        }
    }

    /// The line where `keyPath` (dotted; array tables by index, `holiday.0.day`) is written, found by
    /// reading the text the way TOML lays it out: `[table]` and `[[array]]` headers, then `key = …`.
    public func line(of keyPath: String) -> Int? {
        var header = ""
        var arrayCounts: [String: Int] = [:]
        for (number, raw) in sourceText.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("[") {
                let isArray = line.hasPrefix("[[")
                let name = line.split(separator: "]").first.map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "[ ")) } ?? ""
                if isArray {
                    let index = arrayCounts[name, default: 0]
                    arrayCounts[name] = index + 1
                    header = "\(name).\(index)"
                } else {
                    header = name
                }
                if header == keyPath || name == keyPath { return number + 1 }
                continue
            }
            guard let key = line.split(separator: "=", maxSplits: 1).first, line.contains("=") else { continue }
            let name = key.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
            if (header.isEmpty ? name : "\(header).\(name)") == keyPath { return number + 1 }
        }
        return nil
    }

    /// Reads the root table.
    public func reader() -> Reader { Reader(document: self, path: "", table: root) }

    /// Reads one table, remembering which keys were asked for.
    public final class Reader {
        let document: ConfigDocument
        let path: String
        let table: [String: Value]
        private var used: Set<String> = []

        init(document: ConfigDocument, path: String, table: [String: Value]) {
            self.document = document
            self.path = path
            self.table = table
        }

        func keyPath(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

        public func error(_ key: String?, _ problem: ConfigError.Problem) -> ConfigError {
            let full = key.map(keyPath) ?? (path.isEmpty ? nil : path)
            return ConfigError(file: document.file, key: full, line: full.flatMap(document.line(of:)), problem: problem)
        }

        private func value(_ key: String) -> Value? {
            used.insert(key)
            return table[key]
        }

        public func int(_ key: String) throws(ConfigError) -> Int? {
            guard let value = value(key) else { return nil }
            guard case let .int(number) = value else {
                throw error(key, .wrongType(expected: "an integer", found: value.typeName))
            }
            return number
        }

        public func string(_ key: String) throws(ConfigError) -> String? {
            guard let value = value(key) else { return nil }
            guard case let .string(text) = value else {
                throw error(key, .wrongType(expected: "a string", found: value.typeName))
            }
            return text
        }

        public func bool(_ key: String) throws(ConfigError) -> Bool? {
            guard let value = value(key) else { return nil }
            guard case let .bool(flag) = value else {
                throw error(key, .wrongType(expected: "true or false", found: value.typeName))
            }
            return flag
        }

        /// A date written as a TOML date (`2026-12-24`) or a string in exactly that form, that exists.
        public func date(_ key: String) throws(ConfigError) -> LocalDate? {
            guard let value = value(key) else { return nil }
            switch value {
            case let .date(year, month, day):
                guard let date = LocalDate(year: year, month: month, day: day) else {
                    throw error(key, .invalidValue("that day does not exist"))
                }
                return date
            case let .string(text):
                guard let date = LocalDate(text) else {
                    throw error(key, .invalidValue("expected a date YYYY-MM-DD, found \"\(text)\""))
                }
                return date
            default:
                throw error(key, .wrongType(expected: "a date (YYYY-MM-DD)", found: value.typeName))
            }
        }

        public func strings(_ key: String) throws(ConfigError) -> [String]? {
            guard let value = value(key) else { return nil }
            guard case let .array(items) = value else {
                throw error(key, .wrongType(expected: "an array of strings", found: value.typeName))
            }
            var result: [String] = []
            for item in items {
                guard case let .string(text) = item else {
                    throw error(key, .wrongType(expected: "an array of strings", found: "an array holding \(item.typeName)"))
                }
                result.append(text)
            }
            return result
        }

        public func table(_ key: String) throws(ConfigError) -> Reader? {
            guard let value = value(key) else { return nil }
            guard case let .table(inner) = value else {
                throw error(key, .wrongType(expected: "a table ([\(keyPath(key))])", found: value.typeName))
            }
            return Reader(document: document, path: keyPath(key), table: inner)
        }

        /// An array of tables (`[[holiday]]`).
        public func tables(_ key: String) throws(ConfigError) -> [Reader] {
            guard let value = value(key) else { return [] }
            guard case let .array(items) = value else {
                throw error(key, .wrongType(expected: "an array of tables ([[\(keyPath(key))]])", found: value.typeName))
            }
            var readers: [Reader] = []
            for (index, item) in items.enumerated() {
                guard case let .table(inner) = item else {
                    throw error(key, .wrongType(expected: "an array of tables ([[\(keyPath(key))]])", found: "an array holding \(item.typeName)"))
                }
                readers.append(Reader(document: document, path: "\(keyPath(key)).\(index)", table: inner))
            }
            return readers
        }

        /// Throws for the first key that nobody read: a misspelt key must not be silently ignored.
        public func rejectUnknownKeys() throws(ConfigError) {
            let unknown = table.keys.filter { !used.contains($0) }.sorted()
            if let first = unknown.first {
                throw error(first, .unknownKey(known: used.sorted()))
            }
        }
    }
}
