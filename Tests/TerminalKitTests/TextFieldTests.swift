import Testing
import TerminalKit

@Suite("Text field")
struct TextFieldTests {
    func typed(_ keys: [KeyEvent], into field: TextField = TextField()) -> TextField {
        var field = field
        for key in keys { _ = field.handle(key) }
        return field
    }

    @Test func typesAndMovesAndDeletes() {
        let field = typed([.character("a"), .character("c"), .left, .character("b"), .end, .character("é")])
        #expect(field.text == "abcé")
        #expect(field.cursor == 4)
        #expect(typed([.home, .delete], into: field).text == "bcé")
        #expect(typed([.backspace, .backspace], into: field).text == "ab")
        #expect(typed([.ctrl("a"), .right, .ctrl("k")], into: field).text == "a")
        #expect(typed([.left, .ctrl("u")], into: field).text == "é")
        #expect(typed([.ctrl("a"), .ctrl("e"), .character("!")], into: field).text == "abcé!")
    }

    /// The keys a form's help lists are the keys the field answers: each one, pressed in the middle
    /// of a line, moves the cursor or changes the text.
    @Test func everyListedEditingKeyDoesSomething() {
        let field = typed([.left, .left, .left], into: TextField("one two three"))
        for binding in EditingKeys.line.bindings {
            for key in binding.keys {
                let after = typed([key], into: field)
                #expect(after != field, "\(key.name) (\(binding.help)) did nothing in a text field")
            }
        }
        #expect(EditingKeys.helpSections.flatMap(\.entries).contains { $0.keys == "C-w" })
    }

    @Test func aFlagTypedScalarByScalarIsOneCharacter() {
        // The terminal delivers 🇩🇪 as two keys, one regional indicator each.
        let keys: [KeyEvent] = [.character("a"), .character("\u{1F1E9}"), .character("\u{1F1EA}")]
        let field = typed(keys)
        #expect(field.characters.count == 2)
        #expect(typed([.backspace, .character("b")], into: field).text == "ab", "Backspace takes the whole flag")
        let accented = typed([.character("e"), .character("\u{301}"), .backspace])
        #expect(accented.text == "", "a combining accent joins its letter")
        var editor = TextEditor(width: 20, height: 3)
        for key in keys + [.backspace, .character("b")] { _ = editor.handle(key) }
        #expect(editor.text == "ab")
    }

    @Test func controlWDeletesTheWordBefore() {
        #expect(typed([.ctrl("w")], into: TextField("reply to customer")).text == "reply to ")
        #expect(typed([.ctrl("w")], into: TextField("reply to  ")).text == "reply ")
        #expect(typed([.ctrl("w"), .ctrl("w")], into: TextField("reply to  ")).text == "")
    }

    @Test func swallowsMovesAtTheEndsButNotOtherKeys() {
        var field = TextField("ab")
        let used = [KeyEvent.right, .delete, .tab, .enter, .ctrl("s")].map { field.handle($0) }
        #expect(used == [true, true, false, false, false])
        #expect(field.text == "ab")
    }

    @Test func respectsMaxLengthAndSanitizesPaste() {
        var field = TextField("2027-", maxLength: 10)
        field.insert("03-251999")
        #expect(field.text == "2027-03-25")
        let swallowed = field.handle(.character("x"))
        #expect(swallowed)
        #expect(field.text == "2027-03-25")
        var subject = TextField()
        subject.insert("line one\nline two\u{1B}[2J")
        #expect(subject.text == "line one␤line two␛")
    }

    @Test func scrollsLongTextByHalfAField() {
        var grid = Grid(size: Size(rows: 1, cols: 10))
        let field = TextField("abcdefghijklmnop")
        let cursor = field.render(into: &grid, area: grid.bounds, isFocused: true)
        #expect(grid.lines == ["klmnop"])
        #expect(cursor == Position(row: 0, col: 6))
        let start = typed([.home], into: field)
        #expect(start.render(into: &grid, area: grid.bounds, isFocused: true) == Position(row: 0, col: 0))
        #expect(grid.lines == ["abcdefghij"])
        #expect(start.render(into: &grid, area: grid.bounds, isFocused: false) == nil)
    }

    @Test func wideCharactersMoveTheCursorTwoColumns() {
        var grid = Grid(size: Size(rows: 1, cols: 10))
        let field = typed([.left], into: TextField("漢字x"))
        #expect(field.render(into: &grid, area: grid.bounds, isFocused: true) == Position(row: 0, col: 4))
        #expect(grid.lines == ["漢字x"])
        #expect(grid.styleLines == ["IIIIIIIIII"])
    }
}

@Suite("Multi-line editor")
struct TextEditorTests {
    func typed(_ keys: [KeyEvent], into editor: TextEditor) -> TextEditor {
        var editor = editor
        for key in keys { _ = editor.handle(key) }
        return editor
    }

    @Test func enterSplitsAndBackspaceJoins() {
        var editor = TextEditor("hello world", width: 20, height: 3)
        for _ in 0..<6 { _ = editor.handle(.left) }
        _ = editor.handle(.enter)
        #expect(editor.lines.map { String($0) } == ["hello", " world"])
        #expect(editor.row == 1 && editor.column == 0)
        _ = editor.handle(.backspace)
        #expect(editor.text == "hello world")
        #expect(editor.column == 5)
        let joined = typed([.up, .end, .delete], into: TextEditor("a\nb", width: 10, height: 2))
        #expect(joined.text == "ab")
    }

    @Test func arrowsCrossLineEnds() {
        let editor = typed([.home, .left], into: TextEditor("ab\ncd", width: 10, height: 3))
        #expect(editor.row == 0 && editor.column == 2)
        let next = typed([.right], into: editor)
        #expect(next.row == 1 && next.column == 0)
    }

    @Test func upAndDownMoveByScreenRowsKeepingTheColumn() {
        // wraps at 9 columns: "the quick " | "brown fox"
        var editor = TextEditor("the quick brown fox\nend", width: 10, height: 5)
        editor = typed([.up, .up, .up], into: editor)
        #expect(editor.row == 0)
        editor = typed([.home, .right, .right, .down], into: editor)
        #expect(editor.row == 0 && editor.column == 12)
        editor = typed([.down], into: editor)
        #expect(editor.row == 1 && editor.column == 2)
        editor = typed([.down, .up], into: editor)
        #expect(editor.row == 0 && editor.column == 12)
        editor = typed([.up], into: editor)
        #expect(editor.row == 0 && editor.column == 2)
    }

    @Test func softWrapsAndScrollsToTheCursor() {
        var grid = Grid(size: Size(rows: 2, cols: 10))
        let editor = TextEditor("one two three four five six", width: 10, height: 2)
        let cursor = editor.render(into: &grid, area: grid.bounds, isFocused: true)
        #expect(grid.lines == ["four five", "six"])
        #expect(cursor == Position(row: 1, col: 3))
        let top = typed([.up, .up, .up], into: editor)
        #expect(top.scrollTop == 0)
        top.render(into: &grid, area: grid.bounds, isFocused: true)
        #expect(grid.lines == ["one two", "three"])
    }

    @Test func pasteInsertsManyLinesAtOnce() {
        var editor = TextEditor("[]", width: 30, height: 4)
        _ = editor.handle(.left)
        let long = (1...500).map { "line \($0)" }.joined(separator: "\r\n")
        editor.insert(long)
        #expect(editor.lines.count == 500)
        #expect(String(editor.lines[0]) == "[line 1")
        #expect(String(editor.lines[499]) == "line 500]")
        #expect(editor.row == 499)
        #expect(editor.scrollTop == 496)
    }

    @Test func pageKeysMoveAScreenful() {
        let text = (1...20).map { "\($0)" }.joined(separator: "\n")
        let editor = typed([.pageUp], into: TextEditor(text, width: 10, height: 5))
        #expect(editor.row == 14)
        #expect(typed([.pageDown, .pageDown], into: editor).row == 19)
    }
}
