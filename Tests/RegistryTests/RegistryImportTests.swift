import Foundation
import PeeringModel
import Registry
import Testing

let organizationsCSV = """
    id,name,email_domains
    org-a,Alpha Corp,alpha.example;Alpha-Data.example
    org-b,"Beta, Inc.",beta.example

    """

let clustersCSV = """
    id,organization_id,name,deployment,cloud,region,aws_account_id,vpc_id,vpc_cidrs,status
    cau29pc7zl4ht2dtcbslfpr1u,org-a,alpha-prod,hosted-dedicated,aws,us-east-1,406793422161,vpc-0348f92c1409fba12,10.10.0.0/20;10.40.0.0/20,active
    cpw024dd9hko4ruga1ppmdudc,org-b,beta-gcp,hybrid,gcp,us-central1,,,10.200.0.0/20,active

    """

let peeringsCSV = """
    id,cluster_id,peer_account_id,peer_vpc_id,peer_region,peer_cidrs,status
    pcx-94f775fc,cau29pc7zl4ht2dtcbslfpr1u,123456789012,vpc-e97dbf30,us-east-2,192.168.16.0/20,pending-acceptance

    """

func parse(_ text: String, name: String = "test.csv") throws -> RegistryFile {
    try RegistryFile.parse(csv: Array(text.utf8), name: name)
}

/// The problems an import of `text` reports, as `file:line: message` strings.
func problems(_ text: String, name: String = "test.csv") -> [String] {
    do {
        _ = try parse(text, name: name)
        return []
    } catch let error as RegistryImportError {
        return error.problems.map(\.description)
    } catch {
        return ["unexpected \(error)"]
    }
}

@Suite struct RegistryCSVTests {
    @Test(arguments: [
        (organizationsCSV, RegistryKind.organizations, 2),
        (clustersCSV, .clusters, 2),
        (peeringsCSV, .peerings, 1),
    ])
    func kindComesFromTheHeader(csv: String, kind: RegistryKind, count: Int) throws {
        let file = try parse(csv)
        #expect(file.kind == kind)
        #expect(file.count == count)
    }

    @Test func columnsMayComeInAnyOrderAndCase() throws {
        let file = try parse("EMAIL_DOMAINS, Name ,id\r\nalpha.example,Alpha,org-a\r\n")
        guard case .organizations(let rows) = file.rows else {
            Issue.record("expected organizations, got \(file.kind)")
            return
        }
        #expect(rows.map(\.value) == [Organization(id: "org-a", name: "Alpha", emailDomains: ["alpha.example"])])
    }

    @Test func quotedFieldsKeepCommasQuotesAndLineBreaks() throws {
        let csv =
            "\u{FEFF}id,name,email_domains\n\"org-a\",\"Alpha, \"\"The\"\"\nCompany\",a.example\norg-b,Beta,b.example\n"
        guard case .organizations(let rows) = try parse(csv).rows else {
            Issue.record("expected organizations")
            return
        }
        #expect(rows.map(\.value.name) == ["Alpha, \"The\"\nCompany", "Beta"])
        // Line numbers count the line break inside the quoted field.
        #expect(rows.map(\.line) == [2, 4])
    }

    @Test func domainsAreLowerCasedAndKeptInOrder() throws {
        guard case .organizations(let rows) = try parse(organizationsCSV).rows else {
            Issue.record("expected organizations")
            return
        }
        #expect(rows[0].value.emailDomains == ["alpha.example", "alpha-data.example"])
    }

    @Test func regionDisplayNamesAreNormalizedToCodes() throws {
        let csv = clustersCSV.replacingOccurrences(of: ",us-east-1,", with: ",US East (N. Virginia),")
        guard case .clusters(let rows) = try parse(csv).rows else {
            Issue.record("expected clusters")
            return
        }
        #expect(rows[0].value.region == "us-east-1")
        #expect(rows[0].value.vpcCIDRs.map(\.description) == ["10.10.0.0/20", "10.40.0.0/20"])
        #expect(rows[1].value.awsAccountID == nil)
    }

    @Test(arguments: [
        ("id,name\norg-a,Alpha\n", "test.csv:1: the header looks like organizations but lacks email_domains"),
        ("foo,bar\n1,2\n", "test.csv:1: the header matches no registry file"),
        (
            "id,name,email_domains,extra\n",
            "test.csv:1: the header looks like organizations but has unexpected \"extra\""
        ),
        ("id,id,name\n", "test.csv:1: the column \"id\" appears twice"),
        ("", "test.csv: the file is empty"),
        ("id,name,email_domains\norg-a,\"Alpha,a.example\n", "test.csv:2: a quoted field opened here is never closed"),
        ("id,name,email_domains\norg-a,\"Alpha\"x,a.example\n", "test.csv:2: unexpected text after a closing quote"),
        ("id,name,email_domains\norg-a,Al\"pha,a.example\n", "test.csv:2: a quote inside an unquoted field"),
        ("id,name,email_domains\norg-a,Alpha\n", "test.csv:2: expected 3 fields, found 2"),
        ("id,name,email_domains\norg a,Alpha,a.example\n", "test.csv:2: id \"org a\" is not a valid organization id"),
        ("id,name,email_domains\norg-a,,a.example\n", "test.csv:2: name is empty"),
        (
            "id,name,email_domains\norg-a,Alpha,localhost\n",
            "test.csv:2: email_domains: \"localhost\" is not a domain name"
        ),
        (
            "id,name,email_domains\norg-a,A,a.example\norg-a,B,b.example\n",
            "test.csv:3: the id org-a was already given on line 2"
        ),
    ])
    func refusedFilesNameTheLine(csv: String, expected: String) {
        let found = problems(csv)
        #expect(found.contains { $0.hasPrefix(expected) }, "got \(found)")
    }

    @Test func invalidUTF8IsReportedWithItsLine() {
        var bytes = Array("id,name,email_domains\norg-a,Alpha,a.example\norg-b,".utf8)
        bytes += [0xE9, 0x74, 0xE9]  // "été" in Latin-1
        bytes += Array(",b.example\n".utf8)
        #expect(throws: RegistryImportError.self) { try RegistryFile.parse(csv: bytes, name: "x.csv") }
        do {
            _ = try RegistryFile.parse(csv: bytes, name: "x.csv")
        } catch {
            #expect(error.problems.map(\.description) == ["x.csv:3: the file is not UTF-8 text (save it as CSV UTF-8)"])
        }
    }

    @Test(arguments: [
        (",us-east-1,406793422161,", ",us-east-1,40679342216,", "aws_account_id:"),
        (",us-east-1,", ",us-east-9,", "region:"),
        (",vpc-0348f92c1409fba12,", ",subnet-0348f92c1409fba12,", "vpc_id:"),
        (
            "10.10.0.0/20;10.40.0.0/20", "10.10.0.1/20",
            "vpc_cidrs: 10.10.0.1/20 has host bits set; the block is 10.10.0.0/20"
        ),
        ("10.10.0.0/20;10.40.0.0/20", "10.10.0.0/20;10.10.0.0/20", "vpc_cidrs: 10.10.0.0/20 is listed twice"),
        (
            "hosted-dedicated,aws", "dedicated,aws",
            "deployment \"dedicated\" is not one of hosted-dedicated, hosted-standard, hybrid"
        ),
        (",active\ncpw", ",running\ncpw", "status \"running\" is not one of active, creating, deleting, deleted"),
        ("cau29pc7zl4ht2dtcbslfpr1u,org-a", "cau29pc7zl4ht2dtcbslfpr1,org-a", "id:"),
        (
            ",gcp,us-central1,,,", ",gcp,us-central1,123456789012,,",
            "aws_account_id is set, but the cluster is on gcp, not AWS"
        ),
    ])
    func badClusterRowsAreRefusedWithTheColumn(original: String, replacement: String, expected: String) {
        let csv = clustersCSV.replacingOccurrences(of: original, with: replacement)
        #expect(csv != clustersCSV, "the test's replacement did not apply")
        let found = problems(csv, name: "clusters.csv")
        #expect(found.contains { $0.hasPrefix("clusters.csv:") && $0.contains(expected) }, "got \(found)")
    }

    @Test func everyBadRowIsReportedNotOnlyTheFirst() {
        let csv = "id,name,email_domains\nbad id,A,a.example\norg-b,,b.example\norg-c,C,c.example\n"
        #expect(problems(csv).count == 2)
    }

    @Test func aClusterBeingCreatedMayLackItsAccountAndVPC() throws {
        let csv = """
            id,organization_id,name,deployment,cloud,region,aws_account_id,vpc_id,vpc_cidrs,status
            cqwlp66i5qudzp52yu2nubu3b,org-a,new,hybrid,aws,eu-central-1,,,,creating
            cqwlp66i5qudzp52yu2nubu3c,org-a,live,hybrid,aws,eu-central-1,,,,active
            """
        let found = problems(csv)
        #expect(found.count == 3, "got \(found)")
        #expect(found.allSatisfy { $0.hasPrefix("test.csv:3:") })
    }

    @Test func anOversizedFileIsRefusedBeforeParsing() {
        let bytes = [UInt8](repeating: 0x41, count: RegistryFile.maximumSize + 1)
        #expect(throws: RegistryImportError.self) { try RegistryFile.parse(csv: bytes, name: "big.csv") }
    }
}
