/// The bindings of one screen or context, looked up by key.
///
/// A screen's keymap is usually layered over the global one (`layered(over:)`), so the screen's
/// own bindings win and help shows only what actually applies there.
public struct Keymap<Command: Hashable & Sendable>: Sendable {
    public let bindings: [KeyBinding<Command>]
    private let index: [KeyEvent: Int]

    public init(_ bindings: [KeyBinding<Command>]) {
        self.bindings = bindings
        var index: [KeyEvent: Int] = [:]
        for (position, binding) in bindings.enumerated() {
            for key in binding.keys where index[key] == nil { index[key] = position }
        }
        self.index = index
    }

    /// The command bound to `key`; the first binding wins when a key is bound twice.
    public func command(for key: KeyEvent) -> Command? {
        index[key].map { bindings[$0].command }
    }

    /// This keymap's bindings first, then those of `fallback` whose keys are not taken here;
    /// a fallback binding loses the keys this keymap shadows (and disappears if none are left).
    public func layered(over fallback: Keymap) -> Keymap {
        let inherited = fallback.bindings.compactMap { binding -> KeyBinding<Command>? in
            var binding = binding
            binding.keys.removeAll { index[$0] != nil }
            return binding.keys.isEmpty ? nil : binding
        }
        return Keymap(bindings + inherited)
    }

    /// Keys bound more than once, for a test that keeps keymaps unambiguous.
    public var conflicts: [KeyEvent] {
        var seen = Set<KeyEvent>()
        return bindings.flatMap(\.keys).filter { !seen.insert($0).inserted }
    }

    /// The status-bar hints, in keymap order: each binding's first key and its label.
    public var statusHints: [KeyHint] { statusHints { _ in true } }

    /// The status-bar hints of the commands that apply now (a move the person may make on the
    /// selected case), in keymap order.
    public func statusHints(where applies: (Command) -> Bool) -> [KeyHint] {
        bindings.filter { $0.showsInStatusBar && applies($0.command) }.compactMap { binding in
            binding.keys.first.map { KeyHint(key: $0.name, label: binding.label) }
        }
    }

    /// The help screen's contents: bindings by group, groups in order of first appearance.
    public var helpSections: [HelpSection] {
        var sections: [HelpSection] = []
        for binding in bindings {
            let entry = HelpSection.Entry(keys: binding.keyNames, help: binding.help)
            if let position = sections.firstIndex(where: { $0.title == binding.group }) {
                sections[position].entries.append(entry)
            } else {
                sections.append(HelpSection(title: binding.group, entries: [entry]))
            }
        }
        return sections
    }
}
