import CaseDesk
import TOMLKit
public enum PlaceholderConfig {}
