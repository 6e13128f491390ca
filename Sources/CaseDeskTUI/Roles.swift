import CaseDesk
import TerminalKit

/// "Role" means two things in this module: what a desk worker may do (CaseDesk) and what a piece of
/// text means on screen, which the theme colours (TerminalKit). These names keep them apart.
public typealias StaffRole = CaseDesk.Role
public typealias ScreenRole = TerminalKit.Role
