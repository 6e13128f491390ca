import CNCursesW
import TerminalKit

extension CursesTerminal {
    /// Waits up to `timeoutMs` for a key; `nil` when none came (the loop's tick) or a stop
    /// signal is pending. A resize arrives as `.resize` with the new size, and the next
    /// `present` repaints everything.
    public func nextKey(timeoutMs: Int = 100) -> KeyEvent? {
        guard pendingSignal == nil else { return nil }
        let window = cnc_stdscr()
        wtimeout(window, Int32(timeoutMs))
        var value: wint_t = 0
        switch wget_wch(window, &value) {
        case cnc_ok():
            let key = Self.keyEvent(character: value)
            return key == .escape ? altKey() ?? .escape : key
        case cnc_key_code_yes():
            if Int32(value) == KEY_RESIZE {
                size = Size(rows: Int(cnc_lines()), cols: Int(cnc_cols()))
                lastFrame = nil
            }
            return Self.keyEvent(keyCode: Int32(value), size: size)
        default:
            return nil
        }
    }

    /// Esc followed at once by a character is Alt plus that character (how terminals send it);
    /// anything else read here is put back for the next call.
    private func altKey() -> KeyEvent? {
        let window = cnc_stdscr()
        wtimeout(window, 0)
        var value: wint_t = 0
        switch wget_wch(window, &value) {
        case cnc_ok():
            if case .character(let character) = Self.keyEvent(character: value) { return .alt(character) }
            unget_wch(wchar_t(bitPattern: value))
        case cnc_key_code_yes():
            ungetch(Int32(value))
        default:
            break
        }
        return nil
    }

    /// A character from `wget_wch` as a key: control codes become Enter, Tab, Backspace, Esc or
    /// `.ctrl(letter)`; other controls are dropped.
    static func keyEvent(character value: UInt32) -> KeyEvent? {
        switch value {
        case 9: return .tab
        case 10, 13: return .enter
        case 8, 127: return .backspace
        case 27: return .escape
        case 1...26: return .ctrl(Character(Unicode.Scalar(UInt8(value) + 0x60)))
        case 0..<32, 0x80..<0xA0: return nil
        default: return Unicode.Scalar(value).map { .character(Character($0)) }
        }
    }

    /// A function-key code from `wget_wch` as a key, including the keypad and shifted variants
    /// some terminals send for Home, End and the page keys.
    static func keyEvent(keyCode: Int32, size: Size) -> KeyEvent? {
        switch keyCode {
        case KEY_UP: .up
        case KEY_DOWN: .down
        case KEY_LEFT: .left
        case KEY_RIGHT: .right
        case KEY_HOME, KEY_A1, KEY_FIND, KEY_SHOME, KEY_BEG: .home
        case KEY_END, KEY_C1, KEY_SELECT, KEY_SEND, KEY_LL: .end
        case KEY_PPAGE, KEY_A3, KEY_SPREVIOUS: .pageUp
        case KEY_NPAGE, KEY_C3, KEY_SNEXT: .pageDown
        case KEY_DC, KEY_SDC: .delete
        case KEY_IC: .insert
        case KEY_BACKSPACE: .backspace
        case KEY_ENTER: .enter
        case KEY_BTAB: .backTab
        case KEY_RESIZE: .resize(size)
        case cnc_key_f(1)...cnc_key_f(24): .function(Int(keyCode - cnc_key_f(0)))
        default: nil
        }
    }
}
