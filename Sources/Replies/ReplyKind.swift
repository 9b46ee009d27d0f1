public import Runbook

extension ReplyKind {
    /// The template's file name in `Templates/replies` or a `--templates` directory.
    public var templateFileName: String { rawValue + ".mustache" }

    /// The text of the bundled template (the copy of `Templates/replies` built into the program).
    package var bundledTemplate: String { ReplyTemplates.bundled(self) }
}
