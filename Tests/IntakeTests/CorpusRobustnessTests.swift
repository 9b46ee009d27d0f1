import Foundation
import Intake
import Testing

/// Every message of every corpus in ../shared/corpora (Stalwart, CPython, enmime, SpamAssassin:
/// real spam, torture tests, a 135 KB header of encoded words) parses without a crash, and only
/// a limit or an empty file may refuse one. Times are printed, not asserted: `make bench`
/// measures speed.
@Suite(.enabled(if: Corpora.isPresent, "../shared/corpora is absent: corpus robustness is not checked"))
struct CorpusRobustnessTests {
    @Test func everyCorpusMessageParses() throws {
        var parsed = 0
        var refused: [String] = []
        var slowest = (name: "", seconds: 0.0, bytes: 0)
        let clock = ContinuousClock()
        for url in Corpora.files(under: "") where !url.lastPathComponent.hasSuffix(".json") {
            let name = Corpora.name(url)
            if name.hasSuffix("LICENSE") || name.hasSuffix("SOURCE_COMMIT") || name.hasSuffix("README.md")
                || name.contains("LICENSES/") || name.hasSuffix("COPYING")
            {
                continue
            }
            let bytes = [UInt8](try Data(contentsOf: url))
            var result: Result<MailMessage, IntakeError>?
            let elapsed = clock.measure {
                do throws(IntakeError) {
                    result = .success(try MailMessage.parse(bytes))
                } catch {
                    result = .failure(error)
                }
            }
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            if seconds > slowest.seconds { slowest = (name, seconds, bytes.count) }
            switch result {
            case .success(let message):
                parsed += 1
                // Every text part decodes to a String; touching readable text exercises HTML and flowed.
                for part in message.parts { _ = part.readableText }
            case .failure(let error):
                refused.append("\(name): \(error)")
            case nil:
                Issue.record("\(name): no result")
            }
        }
        print(
            "Corpora: \(parsed) messages parsed, \(refused.count) refused; slowest \(slowest.name) "
                + "(\(slowest.bytes) bytes) in \(String(format: "%.1f", slowest.seconds * 1000)) ms"
        )
        for line in refused { print("  refused: \(line)") }
        #expect(parsed >= 300, "the corpora hold about 380 messages")
        #expect(refused.allSatisfy { $0.contains("the input is empty") }, "\(refused)")
    }
}
