/// A labelled field of a `Form`: its control, its inline error, and how it is checked.
public struct FormField: Sendable {
    public enum Control: Hashable, Sendable {
        case text(TextField)
        case multiline(TextEditor)
        case choice(ChoiceField)
        case checkbox(Checkbox)
    }

    /// What a field holds, to read results and to notice unsaved changes.
    public enum Value: Hashable, Sendable {
        case text(String)
        case choice(Int)
        case checked(Bool)
    }

    /// Checks a text value; returns what is wrong with it, in words for the person typing.
    public typealias Validator = @Sendable (String) -> String?

    public let id: String
    public var label: String
    public var control: Control
    /// Empty text is an error ("required") when leaving the field or validating the form.
    public var isRequired: Bool
    public var validator: Validator?
    /// The message shown under the field until its value changes.
    public var error: String?

    public init(id: String, label: String, control: Control, isRequired: Bool = false, validator: Validator? = nil) {
        self.id = id
        self.label = label
        self.control = control
        self.isRequired = isRequired
        self.validator = validator
    }

    public static func text(_ id: String, label: String, value: String = "", isRequired: Bool = false,
                            maxLength: Int? = nil, validator: Validator? = nil) -> FormField {
        FormField(id: id, label: label, control: .text(TextField(value, maxLength: maxLength)),
                  isRequired: isRequired, validator: validator)
    }

    public static func multiline(_ id: String, label: String, value: String = "", rows: Int,
                                 isRequired: Bool = false, validator: Validator? = nil) -> FormField {
        FormField(id: id, label: label, control: .multiline(TextEditor(value, width: 40, height: rows)),
                  isRequired: isRequired, validator: validator)
    }

    public static func choice(_ id: String, label: String, options: [String], selected: Int = 0) -> FormField {
        FormField(id: id, label: label, control: .choice(ChoiceField(options: options, selected: selected)))
    }

    public static func checkbox(_ id: String, label: String, isChecked: Bool = false) -> FormField {
        FormField(id: id, label: label, control: .checkbox(Checkbox(isChecked: isChecked)))
    }

    /// A date typed as `YYYY-MM-DD`. The default check accepts any real calendar date; pass the
    /// domain's own (business day, not in the past) as `validator`.
    public static func date(_ id: String, label: String, value: String = "", isRequired: Bool = false,
                            validator: @escaping Validator = FormField.calendarDateProblem) -> FormField {
        text(id, label: label, value: value, isRequired: isRequired, maxLength: 10, validator: validator)
    }

    public var value: Value {
        switch control {
        case .text(let field): .text(field.text)
        case .multiline(let editor): .text(editor.text)
        case .choice(let choice): .choice(choice.selected)
        case .checkbox(let box): .checked(box.isChecked)
        }
    }

    /// Screen rows the control takes (an editor its height, everything else one).
    public var controlRows: Int {
        if case .multiline(let editor) = control { return editor.height }
        return 1
    }

    /// Runs the checks and stores the message; returns whether the value is acceptable.
    @discardableResult
    public mutating func validate() -> Bool {
        error = nil
        guard case .text(let text) = value else { return true }
        if text.allSatisfy(\.isWhitespace) {
            if isRequired { error = "required" }
        } else {
            error = validator?(text)
        }
        return error == nil
    }

    /// Passes a key to the control; a changed value clears the field's error.
    mutating func handle(_ key: KeyEvent) -> Bool {
        let before = value
        let used: Bool
        switch control {
        case .text(var field):
            used = field.handle(key)
            control = .text(field)
        case .multiline(var editor):
            used = editor.handle(key)
            control = .multiline(editor)
        case .choice(var choice):
            used = choice.handle(key)
            control = .choice(choice)
        case .checkbox(var box):
            used = box.handle(key)
            control = .checkbox(box)
        }
        if value != before { error = nil }
        return used
    }

    /// Inserts pasted text into a text control.
    mutating func insert(_ text: String) {
        switch control {
        case .text(var field):
            field.insert(text)
            control = .text(field)
        case .multiline(var editor):
            editor.insert(text)
            control = .multiline(editor)
        case .choice, .checkbox:
            return
        }
        error = nil
    }

    /// What is wrong with `text` as a `YYYY-MM-DD` calendar date, or `nil` if nothing.
    public static func calendarDateProblem(_ text: String) -> String? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.map(\.count) == [4, 2, 2], parts.allSatisfy({ $0.allSatisfy { ("0"..."9").contains($0) } }),
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2])
        else { return "write the date as YYYY-MM-DD, e.g. 2027-03-25" }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        guard (1...12).contains(month), (1...days[month - 1]).contains(day) else {
            return "there is no day \(text)"
        }
        return nil
    }
}
