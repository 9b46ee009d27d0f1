import Foundation

/// Hostile and oversized messages, for the "no single message over 10 ms" figure: what the
/// public torture tests hold (a 135 KB header of encoded words, megabyte bodies), written here
/// so the figure does not depend on which corpora are present. They are timed one by one and
/// kept out of the throughput figures.
enum TortureCorpus {
    static func write(to folder: String) throws -> [String] {
        let manager = FileManager.default
        if manager.fileExists(atPath: folder) { try manager.removeItem(atPath: folder) }
        try manager.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var random = SeededRandom(seed: 0x7045_7274)
        var names: [String] = []
        func save(_ name: String, _ text: String) throws {
            try Data(text.utf8).write(to: URL(fileURLWithPath: folder + "/" + name))
            names.append(name)
        }
        let head =
            "From: Mallory <m@example.com>\nTo: support@astronomer.example\nDate: Tue, 24 Nov 2026 09:12:00 +0000\n"
        let request = """
            AWS account ID: 123456789012
            Region: eu-west-1
            VPC ID: vpc-0a1b2c3d4e5f67890
            CIDR: 10.20.0.0/16
            PeerRole ARN: arn:aws:iam::123456789012:role/astro-peering-role-PeerRole-1ABC
            Cluster ID: cau29pc7zl4ht2dtcbslfpr1u

            """

        // 1. A 135 KB Subject of encoded words, folded.
        var words: [String] = []
        var size = 0
        while size < 135_000 {
            let word = MIMEWriting.headerText(
                "Peering r\u{E9}quest \u{2014} VPC \(random.alphanumeric(6)) \u{00E9}t\u{00E9}"
            )
            words.append(word)
            size += word.utf8.count + 2
        }
        try save(
            "header-135k-encoded-words.eml",
            head + "Message-ID: <t1@example.com>\nSubject: " + words.joined(separator: "\n ") + "\n\n" + request
        )

        // 2. A 2 MB base64 attachment beside a request.
        let binary = (0..<1_500_000).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        try save(
            "attachment-2mb-base64.eml",
            head + "Message-ID: <t2@example.com>\nSubject: logs\nContent-Type: multipart/mixed; boundary=b\n\n--b\n"
                + "Content-Type: text/plain\n\n" + request
                + "\n--b\nContent-Type: application/octet-stream; name=dump.bin\n"
                + "Content-Transfer-Encoding: base64\nContent-Disposition: attachment; filename=dump.bin\n\n"
                + MIMEWriting.base64(binary) + "--b--\n"
        )

        // 3. 1.5 MB of pasted VPC flow logs in the body: addresses and VPC IDs on every line.
        var logs = request
        while logs.utf8.count < 1_500_000 {
            logs +=
                "2 123456789012 eni-\(random.hex(17)) 10.20.\(random.int(0...255)).\(random.int(1...254)) "
                + "10.30.\(random.int(0...255)).\(random.int(1...254)) 443 \(random.int(1024...65535)) 6 12 840 "
                + "1732439520 1732439580 ACCEPT OK vpc-\(random.hex(17)) subnet-\(random.hex(17))\n"
        }
        try save("text-1500k-flow-logs.eml", head + "Message-ID: <t3@example.com>\nSubject: logs inline\n\n" + logs)

        // 4. 1 MB of HTML: 5,000 nested divs and a 3,000-row table.
        var html =
            "<html><body>" + String(repeating: "<div>", count: 5000) + "deep" + String(repeating: "</div>", count: 5000)
        html += "<table>"
        for row in 0..<3000 {
            html += "<tr><td>Row \(row) VPC ID</td><td>vpc-\(random.hex(17))</td><td>10.\(row % 256).0.0/16</td></tr>"
        }
        html += "</table></body></html>\n"
        try save(
            "html-1mb-nested-table.eml",
            head + "Message-ID: <t4@example.com>\nSubject: table\nContent-Type: text/html; charset=utf-8\n\n" + html
        )

        // 5. 2 MB of quoted-printable UTF-8 (Cyrillic: every letter an escape).
        var cyrillic = ""
        while cyrillic.utf8.count < 700_000 { cyrillic += "Пожалуйста, настройте пиринг VPC для нашего аккаунта.\n" }
        try save(
            "qp-2mb-cyrillic.eml",
            head + "Message-ID: <t5@example.com>\nSubject: qp\nContent-Type: text/plain; charset=utf-8\n"
                + "Content-Transfer-Encoding: quoted-printable\n\n"
                + MIMEWriting.quotedPrintable(Array((request + cyrillic).utf8))
        )

        // 6. One 1 MB line: no line break, separators and label-like words everywhere.
        var line = ""
        while line.utf8.count < 1_000_000 { line += "region: eu-west-1, vpc = vpc-0a1b2c3d; cidr - 10.0.0.0/16 | " }
        try save("one-line-1mb.eml", head + "Message-ID: <t6@example.com>\nSubject: one line\n\n" + line)

        // 7. 990 MIME parts.
        var parts = head + "Message-ID: <t7@example.com>\nSubject: parts\nContent-Type: multipart/mixed; boundary=p\n\n"
        for index in 0..<990 {
            parts += "--p\nContent-Type: text/plain\n\nPart \(index): VPC ID: vpc-\(random.hex(8))\n"
        }
        try save("parts-990.eml", parts + "--p--\n")

        // 8. 999 header fields.
        var fields = head + "Message-ID: <t8@example.com>\nSubject: fields\n"
        for index in 0..<990 { fields += "X-Trace-\(index): \(random.alphanumeric(60))\n" }
        try save("header-990-fields.eml", fields + "\n" + request)

        // 9. 40,000 labeled lines, all different values: a conflict over 40,000 candidates.
        var labeled = ""
        for index in 0..<40_000 { labeled += "VPC ID: vpc-\(String(format: "%08x", index))\n" }
        try save("labels-40k-conflicting.eml", head + "Message-ID: <t9@example.com>\nSubject: labels\n\n" + labeled)

        // 10. Multipart nested 24 deep.
        var nested = head + "Message-ID: <t10@example.com>\nSubject: nested\n"
        for level in 0..<24 { nested += "Content-Type: multipart/mixed; boundary=n\(level)\n\n--n\(level)\n" }
        nested += "Content-Type: text/plain\n\n" + request
        for level in (0..<24).reversed() { nested += "--n\(level)--\n" }
        try save("multipart-24-deep.eml", nested)
        return names
    }
}
