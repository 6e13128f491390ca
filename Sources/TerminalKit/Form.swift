/// Fields with labels, focus moved with Tab / S-Tab, inline errors, and a record of what was
/// saved, so the app can ask before throwing away what someone typed.
///
/// Keys other than Tab go to the focused field. Enter is used only by a multi-line field; on
/// other fields it is left to the screen (to submit).
public struct Form: Sendable {
    public private(set) var fields: [FormField]
    public private(set) var focusIndex: Int
    private var savedValues: [FormField.Value]

    public init(_ fields: [FormField]) {
        self.fields = fields
        self.focusIndex = 0
        self.savedValues = fields.map(\.value)
    }

    public var focusedField: FormField? { fields.indices.contains(focusIndex) ? fields[focusIndex] : nil }

    /// Something was typed or chosen since the form was made or last `markSaved()`.
    public var isDirty: Bool { fields.map(\.value) != savedValues }

    public func value(_ id: String) -> FormField.Value? {
        fields.first { $0.id == id }?.value
    }

    public func text(_ id: String) -> String? {
        if case .text(let text) = value(id) { return text }
        return nil
    }

    public func choice(_ id: String) -> Int? {
        if case .choice(let index) = value(id) { return index }
        return nil
    }

    public func isChecked(_ id: String) -> Bool? {
        if case .checked(let checked) = value(id) { return checked }
        return nil
    }

    /// Ticks or unticks a box, as a program does when it knows better than the person (a field that
    /// follows another); a field of another kind is left alone.
    public mutating func setChecked(_ id: String, _ checked: Bool) {
        guard let index = fields.firstIndex(where: { $0.id == id }), case var .checkbox(box) = fields[index].control else { return }
        box.isChecked = checked
        fields[index].control = .checkbox(box)
    }

    /// Tab and S-Tab move focus (checking the field being left); other keys go to the focused
    /// field. Returns whether the form used the key.
    public mutating func handle(_ key: KeyEvent) -> Bool {
        guard !fields.isEmpty else { return false }
        switch key {
        case .tab:
            moveFocus(by: 1)
            return true
        case .backTab:
            moveFocus(by: -1)
            return true
        default:
            return fields[focusIndex].handle(key)
        }
    }

    /// Pastes text into the focused field in one step.
    public mutating func insert(_ text: String) {
        guard !fields.isEmpty else { return }
        fields[focusIndex].insert(text)
    }

    public mutating func focus(_ id: String) {
        if let index = fields.firstIndex(where: { $0.id == id }) { focusIndex = index }
    }

    /// Checks every field, focuses the first one with an error, and returns whether all passed.
    @discardableResult
    public mutating func validate() -> Bool {
        for index in fields.indices { fields[index].validate() }
        guard let first = fields.firstIndex(where: { $0.error != nil }) else { return true }
        focusIndex = first
        return false
    }

    /// Shows a message under a field, e.g. a rule the store refused; `nil` clears it.
    public mutating func setError(_ message: String?, for id: String) {
        if let index = fields.firstIndex(where: { $0.id == id }) { fields[index].error = message }
    }

    /// Records the current values as saved: the form is no longer dirty.
    public mutating func markSaved() {
        savedValues = fields.map(\.value)
    }

    /// Sizes multi-line fields for a form drawn `width` columns wide, so moving by screen rows
    /// matches what `render` shows. Call it when the layout changes.
    public mutating func layout(width: Int) {
        let fieldWidth = Self.columns(for: fields, width: width).field
        for index in fields.indices {
            if case .multiline(var editor) = fields[index].control {
                editor.resize(width: fieldWidth, height: editor.height)
                fields[index].control = .multiline(editor)
            }
        }
    }

    private mutating func moveFocus(by step: Int) {
        fields[focusIndex].validate()
        focusIndex = (focusIndex + step + fields.count) % fields.count
    }

    /// The label column's width and the field column's width for a form `width` wide.
    static func columns(for fields: [FormField], width: Int) -> (label: Int, field: Int) {
        let label = min(fields.map { TerminalText.displayWidth($0.label) }.max() ?? 0, width / 3)
        return (label, max(1, width - label - 2))
    }
}
