import Glibc
public import PeeringModel

/// Finds the six details in text, with provenance, and decides which values count.
///
/// Rules, in order of strength:
/// 1. **Labels** in many phrasings and layouts (`label: value`, `label - value`, `label = value`,
///    `label, value` as a CSV row, markdown and HTML tables, bullets, the value on the next line).
/// 2. **Shapes** where a value has no label: `vpc-…`, `arn:…:iam::…:role/…`, CIDRs, cuids, region
///    codes. A bare 12-digit number is never taken as an account ID, nor a display name as a region.
///
/// A labeled value beats a shape match of the same field. Values in quoted reply history, in a
/// signature or in a forwarded message are used only when the customer's new text has none for
/// that field. Values inside a URL (the role stack's quick-create link carries `region=us-east-1`)
/// and after "Peer Owner IDs" (the cluster's account) are decoys. Two different values for a field
/// that takes one are a conflict, reported with both, never a silent pick.
public enum FieldExtractor {
    public static func extract(_ sources: [TextSource], regions: RegionTable = .standard) -> Extraction {
        var scanner = Scanner(regions: regions)
        for source in sources where !source.isAlternative { scanner.scan(source) }
        // Another rendering of a body is read only when the new text lacks a detail.
        let missing = Scanner.allFields & ~scanner.fieldsInNewText
        if missing != 0, sources.contains(where: \.isAlternative) {
            for source in sources where source.isAlternative && source.mayHold(missing) { scanner.scan(source) }
        }
        var extraction = decide(scanner.found)
        extraction.omitted = scanner.omitted
        return extraction
    }

    /// Candidates kept per field and message. Real requests have a handful; a message with
    /// thousands (pasted logs, a list of every VPC) is already conflicting or unreadable long
    /// before, and reading each extra value would only cost time (about 1 µs each).
    public static let candidatesPerField = 256

    /// A candidate before the decision, with its standing.
    struct Found {
        var candidate: Candidate
        var zone: LineZone
        var isValid: Bool
    }

    /// A field's position in `RequestField.allCases`.
    fileprivate static func slot(_ field: RequestField) -> Int {
        switch field {
        case .awsAccountID: return 0
        case .awsRegion: return 1
        case .vpcID: return 2
        case .vpcCIDRs: return 3
        case .peerRoleARN: return 4
        case .clusterID: return 5
        }
    }

    private static func decide(_ found: [Found]) -> Extraction {
        var candidates = found.map(\.candidate)
        var values: [RequestField: [String]] = [:]
        var conflicts: [RequestField: [String]] = [:]
        var invalid: [RequestField: [String]] = [:]
        var fromHistory: Set<RequestField> = []

        // One pass to group candidates by field keeps the decision linear in their number;
        // membership in a field's tier and winners is a flag per candidate, not a hashed set.
        var byField = [[Int]](repeating: [], count: RequestField.allCases.count)
        for index in found.indices where found[index].candidate.verdict != .decoy {
            byField[slot(found[index].candidate.field)].append(index)
        }
        let inWinners: UInt8 = 1
        let inTier: UInt8 = 2
        var flags = [UInt8](repeating: 0, count: found.count)
        for field in RequestField.allCases {
            let indexes = byField[slot(field)]
            guard !indexes.isEmpty else { continue }
            let valid = indexes.filter { found[$0].isValid }
            // The customer's new text first; history and signatures only when it has nothing.
            var tier = valid.filter { found[$0].zone == .normal }
            let isFallback = tier.isEmpty
            if isFallback { tier = valid }
            // Within the tier, labeled values beat shapes.
            let labeled = tier.filter {
                if case .label = found[$0].candidate.rule { return true } else { return false }
            }
            let winners = labeled.isEmpty ? tier : labeled
            for index in tier { flags[index] |= inTier }
            for index in winners { flags[index] |= inWinners }
            for index in valid where flags[index] & inWinners == 0 {
                let isInTier = flags[index] & inTier != 0
                switch found[index].zone {
                case .quoted where !isInTier: candidates[index].verdict = .quoted
                case .signature where !isInTier: candidates[index].verdict = .signature
                default: candidates[index].verdict = .lostToLabel
                }
            }
            var distinct: [String] = []
            var seen: Set<String> = []  // used once there are more than a few values
            for index in winners {
                let value = found[index].candidate.value
                let isNew: Bool
                if distinct.count < 8 {
                    isNew = !distinct.contains(value)
                    if isNew, distinct.count == 7 { seen = Set(distinct + [value]) }
                } else {
                    isNew = seen.insert(value).inserted
                }
                if isNew {
                    distinct.append(value)
                    candidates[index].verdict = .chosen
                } else {
                    candidates[index].verdict = .duplicate
                }
            }
            if distinct.count > 1, field != .vpcCIDRs {
                conflicts[field] = distinct
                for index in winners where candidates[index].verdict == .chosen {
                    candidates[index].verdict = .conflicting
                }
            }
            if !distinct.isEmpty { values[field] = distinct }
            if isFallback, !distinct.isEmpty { fromHistory.insert(field) }
            for index in indexes where !found[index].isValid {
                candidates[index].verdict = .invalid
            }
            if distinct.isEmpty {
                // Each text once: the same invalid value in both alternatives is one finding.
                var bad: [String] = []
                for index in indexes where !found[index].isValid && found[index].zone == .normal {
                    let raw = found[index].candidate.raw
                    if !bad.contains(raw) { bad.append(raw) }
                }
                if !bad.isEmpty { invalid[field] = bad }
            }
        }
        let hadAccount = values[.awsAccountID] != nil
        takeAccountFromRole(&candidates, &values, conflicts: conflicts, invalid: invalid)
        var extraction = Extraction(candidates: candidates, values: values, conflicts: conflicts, invalid: invalid)
        if !hadAccount, values[.awsAccountID] != nil {
            extraction.derived.insert(.awsAccountID)
            // An account read off a quoted ARN is as much history as the ARN.
            if fromHistory.contains(.peerRoleARN) { fromHistory.insert(.awsAccountID) }
        }
        extraction.fromHistory = fromHistory
        return extraction
    }

    /// The PeerRole is created in the customer's account (the stack runs there), so when no
    /// account ID was given, valid or not, the one PeerRole ARN chosen names it. The candidate
    /// is added after the ARN's, with the ARN as its text as written and the reason.
    private static func takeAccountFromRole(
        _ candidates: inout [Candidate],
        _ values: inout [RequestField: [String]],
        conflicts: [RequestField: [String]],
        invalid: [RequestField: [String]]
    ) {
        guard values[.awsAccountID] == nil, invalid[.awsAccountID] == nil, conflicts[.peerRoleARN] == nil,
            let roles = values[.peerRoleARN], roles.count == 1, let role = try? RoleARN(parsing: roles[0]),
            let index = candidates.firstIndex(where: { $0.field == .peerRoleARN && $0.verdict == .chosen })
        else { return }
        var derived = candidates[index]
        derived.field = .awsAccountID
        derived.value = role.accountID.rawValue
        derived.reason =
            "no account ID was given; taken from the PeerRole ARN, whose account is the customer's "
            + "(the role is created in the account that owns the VPC)"
        candidates.insert(derived, at: index + 1)
        values[.awsAccountID] = [role.accountID.rawValue]
    }
}

extension FieldExtractor {
    /// "account", "account ID", "account number", "acct" (optionally followed by "is", "#", ":")
    /// written right before `position`: prose that names a 12-digit number as the account.
    static func proseAccountLabel(_ line: ArraySlice<UInt8>, before position: Int) -> String? {
        let start = max(line.startIndex, position - 40)
        let window = line[start..<position]
        if window.allSatisfy({ $0 < 0x80 && $0 != 0x0D }) { return proseAccountLabelASCII(window) }
        var text = LineZones.lower(window)
        while let last = text.last, " :#=-".contains(last) { text.removeLast() }
        if text.hasSuffix(" is") { text.removeLast(3) }
        while let last = text.last, " :#=-".contains(last) { text.removeLast() }
        for phrase in ["account id", "account number", "account no", "account", "acct id", "acct"] {
            if text == phrase || text.hasSuffix(" " + phrase) || text.hasSuffix("(" + phrase) { return phrase }
        }
        return nil
    }

    private static let accountPhrases = ["account id", "account number", "account no", "account", "acct id", "acct"]
    private static let accountPhraseBytes = accountPhrases.map { Array($0.utf8) }

    /// ``proseAccountLabel(_:before:)`` on ASCII, compared in place (a byte is a Character).
    private static func proseAccountLabelASCII(_ window: ArraySlice<UInt8>) -> String? {
        let start = window.startIndex
        var end = window.endIndex
        func trimTail() {
            while end > start {
                let byte = window[end - 1]
                guard byte == 0x20 || byte == 0x3A || byte == 0x23 || byte == 0x3D || byte == 0x2D else { break }
                end -= 1
            }
        }
        func matches(_ phrase: [UInt8], at offset: Int) -> Bool {
            for (index, expected) in phrase.enumerated() where ASCII.lowercased(window[offset + index]) != expected {
                return false
            }
            return true
        }
        trimTail()
        if end - start >= 3, matches(Array(" is".utf8), at: end - 3) { end -= 3 }
        trimTail()
        for (phrase, bytes) in zip(accountPhrases, accountPhraseBytes) {
            let length = end - start
            if length == bytes.count, matches(bytes, at: start) { return phrase }
            if length > bytes.count, matches(bytes, at: end - bytes.count) {
                let before = window[end - bytes.count - 1]
                if before == 0x20 || before == 0x28 { return phrase }
            }
        }
        return nil
    }

    /// Whether `value` is too long to name a region, so `RegionTable.lookup` (whose cost grows
    /// with the text: a 1 MB "Region: …" line took 0.3 s) would fail anyway. Its key keeps every
    /// ASCII byte that is not white space or a dot, and a match is at most a code and a console
    /// name together; counting only those bytes errs on the side of looking up.
    static func cannotBeRegion(_ value: ArraySlice<UInt8>, _ regions: RegionTable) -> Bool {
        guard value.count > 128 else { return false }
        var kept = 0
        for byte in value where byte < 0x80 && byte != 0x2E && byte != 0x20 && !(0x09...0x0D).contains(byte) {
            kept += 1
        }
        let longest = regions.regions.reduce(0) { max($0, $1.code.utf8.count + $1.name.utf8.count) }
        return kept > 2 * longest + 32
    }
}

/// Walks sources line by line and records candidates.
private struct Scanner {
    let regions: RegionTable
    var found: [FieldExtractor.Found] = []
    /// Candidates per field so far, and those past `FieldExtractor.candidatesPerField` not read.
    var perField = [Int](repeating: 0, count: RequestField.allCases.count)
    var omitted = 0
    /// One bit per field (`FieldExtractor.slot`) that has a valid value in the customer's new text.
    var fieldsInNewText: UInt8 = 0
    static let allFields: UInt8 = 0b11_1111
    /// While a decoy label's value is read: the reason every candidate of it is a decoy.
    var decoyReason: String?
    /// The reason the next candidate is a decoy (its sentence or qualifier marks it).
    var pendingDecoyReason: String?

    /// Whether the field has all the candidates it may have; counts the one not read.
    private mutating func isFull(_ field: RequestField) -> Bool {
        guard perField[FieldExtractor.slot(field)] >= FieldExtractor.candidatesPerField else { return false }
        omitted += 1
        return true
    }

    init(regions: RegionTable) {
        self.regions = regions
    }

    mutating func scan(_ source: TextSource) {
        let text = TextCleanup.clean(source.text)
        let lines = text.split(separator: 0x0A, omittingEmptySubsequences: false)
        var zones = LineZones.classify(lines)
        if source.isQuotedHistory { zones = zones.map { $0 == .normal ? .quoted : $0 } }
        var index = 0
        while index < lines.count {
            let line = lines[index]
            let zone = zones[index]
            let context = Context(part: source.part, sourceName: source.name, line: index + 1, zone: zone)
            if let (meaning, label, value) = Self.labeled(line) {
                var valueText = value
                var valueLine = index + 1
                if LineZones.trimSpaces(valueText).isEmpty {
                    // The value on the next non-empty line ("VPC ID:\nvpc-…"), in quoted history
                    // too ("> VPC ID:\n>\n> vpc-…").
                    var next = index + 1
                    while next < lines.count, Self.unquoted(lines[next]).isEmpty { next += 1 }
                    if next < lines.count, next - index <= 2, Self.labeled(lines[next]) == nil {
                        valueText = Self.unquoted(lines[next])
                        valueLine = next + 1
                        index = next
                    }
                }
                var valueContext = context
                valueContext.line = valueLine
                record(meaning: meaning, label: label, value: valueText, context: valueContext)
                index += 1
                continue
            }
            scanShapes(line, context: context)
            index += 1
        }
    }

    /// Where a line is: its source's part and name (not the source itself, whose copy for every
    /// line retained and released its whole MIME part), its number and zone.
    struct Context {
        var part: Int
        var sourceName: String
        var line: Int
        var zone: LineZone
    }

    // MARK: Labels

    /// The line without its quote markers and surrounding spaces ("> > text" is "text").
    static func unquoted(_ line: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var body = LineZones.trimSpaces(line)
        while let first = body.first, first == 0x3E { body = LineZones.trimSpaces(body.dropFirst()) }
        return body
    }

    /// A line's label (if it is one of ours), its normalized text, and the value part.
    static func labeled(_ line: ArraySlice<UInt8>) -> (Labels.Meaning, String, ArraySlice<UInt8>)? {
        let body = unquoted(line)  // "> label: v"
        guard body.count >= 3 else { return nil }  // the label scan below stops after 60 bytes
        // "arn:aws:iam::…" or "- vpc-0abc…" alone on its line is a value, not the label "arn".
        if startsWithScheme(body) { return nil }
        // Markdown pipe table row: "| label | value |".
        if body.first == 0x7C {
            let cells = body.split(separator: 0x7C).map(LineZones.trimSpaces).filter { !$0.isEmpty }
            if cells.count >= 2, let (meaning, label) = Labels.meaning(of: cells[0]) {
                return (meaning, label, cells[1])
            }
            return nil
        }
        // The label ends at the first separator: ":", " - ", " – ", " = ", "=", a tab (now a space
        // run), or "," (a CSV row), whichever comes first and makes a known label. Inside a
        // qualifier in parentheses or brackets ("Region (console: top right):") nothing does.
        var index = body.startIndex
        var depth = 0
        while index < body.endIndex {
            let byte = body[index]
            // Most bytes are none of those below (a bracket, a separator or a space): one test.
            guard Self.labelScanBytes.contains(byte) else {
                index += 1
                if index - body.startIndex > 60 { return nil }
                continue
            }
            var separatorEnd: Int?
            if byte == 0x28 || byte == 0x5B {
                depth += 1
            } else if byte == 0x29 || byte == 0x5D {
                depth = max(0, depth - 1)
            } else if depth > 0 {
                // in a qualifier
            } else if byte == 0x3A || byte == 0x3D || byte == 0x2C {
                separatorEnd = index + 1
            } else if byte == 0x20, index + 2 < body.endIndex, body[index + 1] == 0x2D, body[index + 2] == 0x20 {
                separatorEnd = index + 3
            } else if byte == 0x20, index + 1 < body.endIndex, body[index + 1] == 0x20 {
                separatorEnd = index + 2
            }
            if let end = separatorEnd {
                if let (meaning, label) = Labels.meaning(of: body[body.startIndex..<index]) {
                    var value = body[end...]
                    if byte == 0x20, body[index + 1] == 0x2D { value = afterDashedQualifier(value, meaning) }
                    // "label:: value", "label: - value"
                    while let first = value.first, first == 0x3A || first == 0x20 || first == 0x3D {
                        value = value.dropFirst()
                    }
                    return (meaning, label, value)
                }
                // "arn:aws:…" and URLs have colons; only the first separators can end a label.
                if byte == 0x3A { return nil }
            }
            index += 1
            if index - body.startIndex > 60 { return nil }
        }
        // The whole line is a label ("VPC ID") with the value on the next line.
        if let (meaning, label) = Labels.meaning(of: body) { return (meaning, label, body[body.endIndex...]) }
        return nil
    }

    /// The bytes the label scan of ``labeled(_:)`` acts on: brackets, ":", "=", "," and the space.
    private static let labelScanBytes = ByteSet([0x28, 0x5B, 0x29, 0x5D, 0x3A, 0x3D, 0x2C, 0x20])

    /// "Cluster ID - from the Astro UI: c…": after a dash, words up to a colon that hold no value
    /// of the label's field are a qualifier, and the value follows the colon. Otherwise ("Region -
    /// eu-west-1: Ireland") the value is what follows the dash.
    static func afterDashedQualifier(_ value: ArraySlice<UInt8>, _ meaning: Labels.Meaning) -> ArraySlice<UInt8> {
        guard case .field(let field) = meaning,
            let colon = value.prefix(60).firstIndex(of: 0x3A), colon + 1 < value.endIndex, value[colon + 1] == 0x20
        else { return value }
        let qualifier = value[..<colon]
        if startsWithScheme(qualifier) { return value }
        for word in qualifier.split(separator: 0x20) where shapeField(cleanValue(word)) == field { return value }
        return value[(colon + 1)...]
    }

    /// Bullets, quotes and brackets a pasted value may sit behind at the start of a line.
    private static let schemeLeaders = ByteSet([0x20, 0x2D, 0x2A, 0x2B, 0x22, 0x27, 0x28, 0x5B, 0x3C, 0x7B])

    /// Whether the line (after bullets, quotes and brackets) starts with a value's own scheme:
    /// `arn:` and a partition letter, or `vpc-`/`pcx-` and at least 8 letters or digits (so the
    /// labels "VPC-ID" and "VPC-CIDR" stay labels).
    static func startsWithScheme(_ body: ArraySlice<UInt8>) -> Bool {
        var start = body.startIndex
        while start < body.endIndex {
            if schemeLeaders.contains(body[start]) {
                start += 1
            } else if body[start] == 0xE2, start + 2 < body.endIndex, body[start + 1] == 0x80, body[start + 2] == 0xA2 {
                start += 3  // "•"
            } else {
                break
            }
        }
        let rest = body[start...]
        guard rest.count >= 5, let first = rest.first else { return false }
        switch ASCII.lowercased(first) {
        case 0x61:
            let partition = ASCII.lowercased(rest[start + 4])
            return Byte.startsLowercased(rest, with: "arn:") && partition >= 0x61 && partition <= 0x7A
        case 0x76, 0x70:
            guard Byte.startsLowercased(rest, with: "vpc-") || Byte.startsLowercased(rest, with: "pcx-") else {
                return false
            }
            var count = 0
            for byte in rest.dropFirst(4) {
                guard
                    (byte >= 0x30 && byte <= 0x39) || (ASCII.lowercased(byte) >= 0x61 && ASCII.lowercased(byte) <= 0x7A)
                else { break }
                count += 1
                if count == 8 { return true }
            }
            return false
        default:
            return false
        }
    }

    private mutating func record(meaning: Labels.Meaning, label: String, value: ArraySlice<UInt8>, context: Context) {
        if case .field(let field) = meaning, isFull(field) { return }
        let cleaned = Self.cleanValue(value)
        guard !cleaned.isEmpty else { return }
        switch meaning {
        case .peerOwnerIDs:
            add(
                .awsAccountID,
                value: String(decoding: cleaned, as: UTF8.self),
                raw: cleaned,
                rule: .label(label),
                context: context,
                isValid: false,
                verdict: .decoy,
                reason: "after \"Peer Owner IDs\": that is the Astro cluster's account, not the customer's"
            )
        case .decoy(let field, let marker):
            // Read as the field would be, then kept as a decoy with the label's reason.
            decoyReason = marker.reason(where: "its label (\"\(label)\")")
            defer { decoyReason = nil }
            record(meaning: .field(field), label: label, value: value, context: context)
        case .field(let field):
            if Self.isURL(cleaned) {
                scanShapes(value, context: context)
                return
            }
            switch field {
            case .vpcCIDRs:
                let tokens = Self.tokens(Self.joinedAroundSlash(cleaned), splitOn: Self.cidrSeparators).filter {
                    !$0.elementsEqual("and".utf8)
                }
                for token in tokens {
                    let value = Self.cleanValue(token)
                    if !value.isEmpty { addParsed(field, token: value, rule: .label(label), context: context) }
                }
            case .awsAccountID:
                // "1234 5678 9012", "1234.5678.9012", "123 - 456 - 789 - 012": the digit groups
                // together, kept as written; anything else is its first word.
                if let (run, digits) = Self.groupedAccountID(cleaned) {
                    markDecoy(field, after: cleaned[run.endIndex...])
                    add(field, value: digits, raw: run, rule: .label(label), context: context, isValid: true)
                } else {
                    addFirstWord(field, of: cleaned, rule: .label(label), context: context)
                }
            case .awsRegion:
                // A display name has spaces: the whole value first (a code or English name, then a
                // name of the localized console), then its first word ("eu-west-1 please"). A value
                // that is none of them is kept whole, so that the finding quotes what was written.
                let whole = String(decoding: cleaned, as: UTF8.self)
                guard !FieldExtractor.cannotBeRegion(cleaned, regions) else {
                    addFirstWord(field, of: cleaned, rule: .label(label), context: context)
                    return
                }
                if let region = try? regions.lookup(whole) {
                    add(field, value: region.code, raw: cleaned, rule: .label(label), context: context, isValid: true)
                } else if let code = LocalizedRegionNames.code(for: cleaned, in: regions) {
                    add(field, value: code, raw: cleaned, rule: .label(label), context: context, isValid: true)
                } else {
                    let word = Self.cleanValue(Self.firstToken(cleaned, splitOn: Self.valueSeparators) ?? cleaned)
                    if let region = try? regions.lookup(String(decoding: word, as: UTF8.self)) {
                        add(field, value: region.code, raw: word, rule: .label(label), context: context, isValid: true)
                    } else {
                        addParsed(field, token: cleaned, rule: .label(label), context: context)
                    }
                }
            default:
                addFirstWord(field, of: cleaned, rule: .label(label), context: context)
            }
        }
    }

    /// The value's first word, cleaned (a word that is only punctuation is no value).
    private mutating func addFirstWord(
        _ field: RequestField,
        of value: ArraySlice<UInt8>,
        rule: Candidate.Rule,
        context: Context
    ) {
        let word = Self.cleanValue(Self.firstToken(value, splitOn: Self.valueSeparators) ?? value)
        guard !word.isEmpty else { return }
        markDecoy(field, after: value[word.endIndex...])
        addParsed(field, token: word, rule: rule, context: context)
    }

    /// Keeps the next candidate as a decoy when a qualifier right after it ("(sandbox)", "- old")
    /// marks it as not the customer's.
    private mutating func markDecoy(_ field: RequestField, after rest: ArraySlice<UInt8>) {
        guard decoyReason == nil, let marker = DecoyMarkers.marker(after: rest, field: field) else { return }
        pendingDecoyReason = marker.reason(where: "the text after it")
    }

    /// Keeps the next candidate as a decoy when its sentence marks it ("For example: VPC ID:",
    /// "our old VPC", "the cluster's account ID is") or a qualifier right after it does.
    private mutating func markDecoy(_ field: RequestField, in line: ArraySlice<UInt8>, value: Range<Int>) {
        guard decoyReason == nil else { return }
        if let marker = DecoyMarkers.marker(before: line[..<value.lowerBound], field: field) {
            pendingDecoyReason = marker.reason(where: "the text before it")
        } else {
            markDecoy(field, after: line[value.upperBound...])
        }
    }

    // MARK: Shapes

    private mutating func scanShapes(_ line: ArraySlice<UInt8>, context: Context) {
        guard line.count >= 8 else { return }
        // Words and tokens are walked in place, not split into arrays. A word or token under 8
        // bytes is skipped before any work: nothing below looks at one (a URL is over 8 bytes,
        // a shape needs 8, a prose account 12).
        var wordStart = line.startIndex
        while wordStart < line.endIndex {
            while wordStart < line.endIndex, line[wordStart] == 0x20 { wordStart += 1 }
            let wordEnd = Self.nextSpace(in: line, from: wordStart)
            // A word none of whose tokens could be a value is skipped before it is sliced.
            guard wordEnd - wordStart >= 8, Self.mayHoldAValue(line, wordStart..<wordEnd) else {
                wordStart = wordEnd
                continue
            }
            let word = line[wordStart..<wordEnd]
            wordStart = wordEnd
            if Self.isURL(word) {
                scanURL(word, context: context)
                continue
            }
            var tokenStart = word.startIndex
            while tokenStart < word.endIndex {
                while tokenStart < word.endIndex, Self.shapeSeparators.contains(word[tokenStart]) { tokenStart += 1 }
                var tokenEnd = tokenStart
                while tokenEnd < word.endIndex, !Self.shapeSeparators.contains(word[tokenEnd]) { tokenEnd += 1 }
                guard tokenEnd - tokenStart >= 8, Self.mayHoldAValue(word, tokenStart..<tokenEnd) else {
                    tokenStart = tokenEnd
                    continue
                }
                let token = word[tokenStart..<tokenEnd]
                tokenStart = tokenEnd
                let cleaned = Self.cleanValue(token)
                if cleaned.count == 12, cleaned.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
                    let label = FieldExtractor.proseAccountLabel(line, before: cleaned.startIndex)
                {
                    // "… account 123456789012": a bare number never counts, one named as the account does.
                    markDecoy(.awsAccountID, in: line, value: cleaned.startIndex..<cleaned.endIndex)
                    addParsed(.awsAccountID, token: cleaned, rule: .label(label), context: context)
                    continue
                }
                guard cleaned.count >= 8, let field = Self.shapeField(cleaned), !isFull(field) else { continue }
                let text = String(decoding: cleaned, as: UTF8.self)
                guard let value = canonical(field, text) else {
                    // An unlabeled stack ARN is still worth naming; other misses are just words.
                    if field == .peerRoleARN, case .failure(let error) = parse(field, text),
                        error.reason == .cloudFormationStackARN
                    {
                        add(
                            field,
                            value: text,
                            raw: cleaned,
                            rule: .shape,
                            context: context,
                            isValid: false,
                            reason: error.message
                        )
                    }
                    continue
                }
                // "Sorry, wrong one. VPC ID: vpc-…": a label just before the value still counts.
                let rule: Candidate.Rule
                if let label = Self.inlineLabel(line, before: cleaned.startIndex), label.0 == .field(field) {
                    rule = .label(label.1)
                } else {
                    rule = .shape
                }
                markDecoy(field, in: line, value: cleaned.startIndex..<cleaned.endIndex)
                add(field, value: value, raw: cleaned, rule: rule, context: context, isValid: true)
            }
        }
    }

    /// The index of the first space at or after `start` in the line, or its end (memchr: pasted
    /// logs are long lines of long words).
    static func nextSpace(in line: ArraySlice<UInt8>, from start: Int) -> Int {
        guard start < line.endIndex else { return line.endIndex }
        return line.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return line.endIndex }
            let offset = start - line.startIndex
            guard let found = memchr(base + offset, 0x20, buffer.count - offset) else { return line.endIndex }
            return line.startIndex + base.distance(to: found.assumingMemoryBound(to: UInt8.self))
        }
    }

    /// The label written just before `position` on the line ("… VPC ID: " or "… CIDR = "): the
    /// last one to four words before a ':' or '=' that ends right before the value.
    static func inlineLabel(_ line: ArraySlice<UInt8>, before position: Int) -> (Labels.Meaning, String)? {
        var end = position
        while end > line.startIndex, line[end - 1] == 0x20 || line[end - 1] == 0x22 || line[end - 1] == 0x27 {
            end -= 1
        }
        guard end > line.startIndex, line[end - 1] == 0x3A || line[end - 1] == 0x3D else { return nil }
        end -= 1
        var start = end
        var words = 0
        while start > line.startIndex, words < 4 {
            start -= 1
            if line[start] == 0x20, start + 1 < end, line[start + 1] != 0x20 { words += 1 }
            if line[start] == 0x2E || line[start] == 0x2C || line[start] == 0x3B || line[start] == 0x28 {
                start += 1
                break
            }
        }
        // Try the longest phrase first, then drop leading words.
        var candidate = line[start..<end]
        while !candidate.isEmpty {
            if let meaning = Labels.meaning(of: candidate) { return meaning }
            guard let space = candidate.dropFirst().firstIndex(of: 0x20) else { break }
            candidate = candidate[(space + 1)...]
        }
        return nil
    }

    /// Values inside a URL are never the customer's; those that look like ours are kept as decoys
    /// so `inspect` can show why they lost.
    private mutating func scanURL(_ url: ArraySlice<UInt8>, context: Context) {
        for token in Self.tokens(url, splitOn: Self.urlSeparators) {
            let cleaned = Self.cleanValue(token)
            guard cleaned.count >= 8, let field = Self.shapeField(cleaned) else { continue }
            let text = String(decoding: cleaned, as: UTF8.self)
            guard let value = canonical(field, text) else { continue }
            add(
                field,
                value: value,
                raw: cleaned,
                rule: .shape,
                context: context,
                isValid: false,
                verdict: .decoy,
                reason: "inside a URL (such as the role stack's quick-create link), not a value the customer gave"
            )
        }
    }

    /// The field a token's shape suggests (cheap byte checks before any parsing).
    /// A cheap test, before any slicing or clean-up, that the token could be a value: a VPC ID,
    /// a region or a role ARN has a '-' or ':', a CIDR a '/', an account 12 digits, a cluster ID
    /// 25 characters. Words of pasted logs (addresses, ports, times) fail it at once.
    static func mayHoldAValue(_ word: ArraySlice<UInt8>, _ range: Range<Int>) -> Bool {
        if range.count >= 25 { return true }
        var digits = 0
        for index in range {
            let byte = word[index]
            if byte == 0x2D || byte == 0x3A || byte == 0x2F { return true }
            if byte >= 0x30, byte <= 0x39 { digits += 1 }
        }
        return digits >= 12
    }

    static func shapeField(_ token: ArraySlice<UInt8>) -> RequestField? {
        guard let first = token.first else { return nil }
        if first == 0x76 || first == 0x56, token.count >= 12, Byte.startsLowercased(token, with: "vpc-") {
            return .vpcID
        }
        if first == 0x61 || first == 0x41, token.count >= 20, Byte.startsLowercased(token, with: "arn:") {
            return .peerRoleARN
        }
        if first >= 0x30, first <= 0x39, token.contains(0x2F), token.contains(0x2E) { return .vpcCIDRs }
        if first == 0x63, token.count == 25,
            token.allSatisfy({ ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) }),
            token.contains(where: { $0 >= 0x30 && $0 <= 0x39 })
        {
            return .clusterID
        }
        if token.count >= 9, token.count <= 16, token.reduce(0, { $0 + ($1 == 0x2D ? 1 : 0) }) == 2,
            let last = token.last, last >= 0x30, last <= 0x39,
            token.allSatisfy({ ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D })
        {
            return .awsRegion
        }
        return nil
    }

    // MARK: Values

    private func parse(_ field: RequestField, _ text: String) -> Result<String, ValueError> {
        do {
            switch field {
            case .awsAccountID: return .success(try AccountID(parsing: text).rawValue)
            case .awsRegion: return .success(try regions.lookup(text).code)
            case .vpcID: return .success(try VPCID(parsing: text).rawValue)
            case .vpcCIDRs: return .success(try IPv4CIDR(parsing: text).description)
            case .peerRoleARN: return .success(try RoleARN(parsing: text).description)
            case .clusterID: return .success(try ClusterID(parsing: text).rawValue)
            }
        } catch {
            return .failure(error)
        }
    }

    private func canonical(_ field: RequestField, _ text: String) -> String? {
        if case .success(let value) = parse(field, text) { return value }
        return nil
    }

    private mutating func addParsed(
        _ field: RequestField,
        token: ArraySlice<UInt8>,
        rule: Candidate.Rule,
        context: Context
    ) {
        let text = String(decoding: token, as: UTF8.self)
        switch parse(field, text) {
        case .success(let value):
            add(field, value: value, raw: token, rule: rule, context: context, isValid: true)
        case .failure(let error):
            add(field, value: text, raw: token, rule: rule, context: context, isValid: false, reason: error.message)
        }
    }

    private mutating func add(
        _ field: RequestField,
        value: String,
        raw: ArraySlice<UInt8>,
        rule: Candidate.Rule,
        context: Context,
        isValid: Bool,
        verdict: Candidate.Verdict = .chosen,
        reason: String? = nil
    ) {
        var isValid = isValid
        var verdict = verdict
        var reason = reason
        if let decoy = decoyReason ?? pendingDecoyReason, verdict != .decoy {
            // A marked value is never the customer's, valid or not (an invalid one is no finding).
            isValid = false
            verdict = .decoy
            reason = decoy
        }
        pendingDecoyReason = nil
        let candidate = Candidate(
            field: field,
            value: value,
            raw: String(decoding: raw.prefix(200), as: UTF8.self),
            part: context.part,
            source: context.sourceName,
            line: context.line,
            rule: rule,
            verdict: verdict,
            reason: reason
        )
        found.append(FieldExtractor.Found(candidate: candidate, zone: context.zone, isValid: isValid))
        perField[FieldExtractor.slot(field)] += 1
        if isValid, verdict != .decoy, context.zone == .normal { fieldsInNewText |= 1 << FieldExtractor.slot(field) }
    }

    // MARK: Byte helpers

    static func isURL(_ bytes: ArraySlice<UInt8>) -> Bool {
        guard bytes.count > 8 else { return false }
        var index = bytes.startIndex
        while index + 2 < bytes.endIndex, index - bytes.startIndex < 12 {
            if bytes[index] == 0x3A, bytes[index + 1] == 0x2F, bytes[index + 2] == 0x2F { return true }
            index += 1
        }
        return bytes.count >= 4 && Byte.startsLowercased(bytes, with: "www.")
    }

    static func tokens(_ bytes: ArraySlice<UInt8>, splitOn separators: ByteSet) -> [ArraySlice<UInt8>] {
        bytes.split(whereSeparator: { separators.contains($0) })
    }

    /// The first token (what `tokens(_:splitOn:).first` is), without building the list.
    static func firstToken(_ bytes: ArraySlice<UInt8>, splitOn separators: ByteSet) -> ArraySlice<UInt8>? {
        var start = bytes.startIndex
        while start < bytes.endIndex, separators.contains(bytes[start]) { start += 1 }
        guard start < bytes.endIndex else { return nil }
        var end = start
        while end < bytes.endIndex, !separators.contains(bytes[end]) { end += 1 }
        return bytes[start..<end]
    }

    static let cidrSeparators = ByteSet([0x2C, 0x3B, 0x20, 0x7C])
    static let valueSeparators = ByteSet([0x20, 0x2C, 0x3B])
    static let shapeSeparators = ByteSet([0x2C, 0x3B, 0x28, 0x29, 0x5B, 0x5D, 0x3C, 0x3E, 0x22, 0x27, 0x7C, 0x2A])
    static let urlSeparators = ByteSet([0x3F, 0x26, 0x3D, 0x23, 0x2C])
    private static let leadingNoise = ByteSet([0x22, 0x27, 0x28, 0x5B, 0x3C, 0x7B, 0x2A, 0x20])
    private static let trailingNoise = ByteSet([
        0x22, 0x27, 0x29, 0x5D, 0x3E, 0x7D, 0x2A, 0x20, 0x2E, 0x2C, 0x3B, 0x3A, 0x21, 0x3F,
    ])

    /// Strips what surrounds a pasted value: spaces, quotes, brackets, angle brackets, and
    /// trailing sentence punctuation.
    static func cleanValue(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var value = stripNoise(LineZones.trimSpaces(bytes))
        // "(vpc-0abc…)." and "[(10.20.0.0/16)]": parentheses around the whole value go, those
        // inside it stay ("US East (N. Virginia)"), and what they wrapped is cleaned again.
        while value.count >= 2, value.first == 0x28, value.last == 0x29, closingParenthesis(value) == value.endIndex - 1
        {
            value = stripNoise(value.dropFirst().dropLast())
        }
        return value
    }

    /// The index of the ")" that closes the "(" that starts `value`, or nil.
    private static func closingParenthesis(_ value: ArraySlice<UInt8>) -> Int? {
        var depth = 0
        for index in value.indices {
            if value[index] == 0x28 {
                depth += 1
            } else if value[index] == 0x29 {
                depth -= 1
                if depth == 0 { return index }
            }
        }
        return nil
    }

    /// One pass of ``cleanValue(_:)``: surrounding noise, keeping balanced parentheses.
    private static func stripNoise(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var value = bytes
        while let first = value.first, leadingNoise.contains(first) {
            if first == 0x28, value.contains(0x29) { break }  // "(N. Virginia)" keeps its parentheses
            value = value.dropFirst()
        }
        // Parentheses are counted once; the loop below drops only closing ones.
        var opening = -1
        var closing = 0
        while let last = value.last, trailingNoise.contains(last) {
            // A closing parenthesis stays when it closes one in the value: "US East (N. Virginia)".
            if last == 0x29 {
                if opening < 0 {
                    opening = 0
                    for byte in value {
                        if byte == 0x28 { opening += 1 } else if byte == 0x29 { closing += 1 }
                    }
                }
                if opening >= closing { break }
                closing -= 1
            }
            value = value.dropLast()
        }
        return value
    }
}

extension Scanner {
    /// The value with the spaces around its slashes removed ("10.20.0.0 / 16" is one CIDR); the
    /// same slice when there are none.
    static func joinedAroundSlash(_ value: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        guard let slash = value.firstIndex(of: 0x2F) else { return value }
        let hasSpace = value[slash...].indices.contains { index in
            value[index] == 0x2F
                && ((index > value.startIndex && value[index - 1] == 0x20)
                    || (index + 1 < value.endIndex && value[index + 1] == 0x20))
        }
        guard hasSpace else { return value }
        var joined: [UInt8] = []
        joined.reserveCapacity(value.count)
        for index in value.indices {
            let byte = value[index]
            if byte == 0x20 {
                var next = index
                while next < value.endIndex, value[next] == 0x20 { next += 1 }
                if next < value.endIndex, value[next] == 0x2F { continue }
                if joined.last == 0x2F { continue }
            }
            joined.append(byte)
        }
        return joined[...]
    }

    /// An account ID written as digit groups ("1234 5678 9012", "1234.5678.9012",
    /// "123 - 456 - 789 - 012") at the start of `value`: the run as written and its 12 digits.
    /// Groups are joined by a space, a dot or a dash with spaces around; a run of another length
    /// is not an account (two account IDs on a line are not one).
    static func groupedAccountID(_ value: ArraySlice<UInt8>) -> (ArraySlice<UInt8>, String)? {
        var digits: [UInt8] = []
        var index = value.startIndex
        var end = index
        var groups = 0
        while index < value.endIndex {
            guard value[index] >= 0x30, value[index] <= 0x39 else { break }
            groups += 1
            while index < value.endIndex, value[index] >= 0x30, value[index] <= 0x39 {
                digits.append(value[index])
                index += 1
            }
            end = index
            guard digits.count <= 12 else { return nil }
            // One separator: spaces, and at most one dot or dash among them.
            var next = index
            var marks = 0
            while next < value.endIndex, next - index < 4 {
                let byte = value[next]
                if byte == 0x20 {
                    next += 1
                } else if byte == 0x2E || byte == 0x2D, marks == 0 {
                    marks += 1
                    next += 1
                } else {
                    break
                }
            }
            guard next > index, next < value.endIndex, value[next] >= 0x30, value[next] <= 0x39 else { break }
            index = next
        }
        guard groups > 1, digits.count == 12 else { return nil }
        return (value[value.startIndex..<end], String(decoding: digits, as: UTF8.self))
    }
}

/// A set of bytes as a 256-bit mask: membership is a shift and a mask, with no hashing.
struct ByteSet: Sendable {
    private var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)

    init(_ bytes: [UInt8]) {
        for byte in bytes {
            let bit = UInt64(1) << UInt64(byte & 63)
            switch byte >> 6 {
            case 0: words.0 |= bit
            case 1: words.1 |= bit
            case 2: words.2 |= bit
            default: words.3 |= bit
            }
        }
    }

    @inline(__always)
    func contains(_ byte: UInt8) -> Bool {
        let bit = UInt64(1) << UInt64(byte & 63)
        switch byte >> 6 {
        case 0: return words.0 & bit != 0
        case 1: return words.1 & bit != 0
        case 2: return words.2 & bit != 0
        default: return words.3 & bit != 0
        }
    }
}
