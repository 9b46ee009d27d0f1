// What the fuzz entries in Fuzz/ share: handing the process to libFuzzer.
import CFuzzerDriver
import Glibc

/// Runs libFuzzer on `entry` with the process's arguments (corpus directories and `-flags`) and
/// exits with its status. Each entry's `main` calls this: SwiftPM links an executable with its own
/// entry point, so libFuzzer's `main` is never the one that runs.
public func runFuzzer(_ entry: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> Never {
    var argc = CommandLine.argc
    var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
    exit(LLVMFuzzerRunDriver(&argc, &argv, entry))
}
