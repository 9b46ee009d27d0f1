import Foundation
import PeeringModel
import Testing

@Suite struct RegionTableTests {
    @Test func theStandardTableHasEveryRegionOfBotocore() {
        let regions = RegionTable.standard.regions
        #expect(regions.count == 46)
        #expect(regions.filter { $0.partition == .aws }.count == 34)
        #expect(regions.filter { $0.partition == .awsUSGov }.map(\.code) == ["us-gov-east-1", "us-gov-west-1"])
        #expect(regions.filter { $0.partition == .awsCN }.map(\.code) == ["cn-north-1", "cn-northwest-1"])
        #expect(
            RegionTable.standard.partitions.map(\.rawValue) == [
                "aws", "aws-cn", "aws-eusc", "aws-iso", "aws-iso-b", "aws-iso-e", "aws-iso-f", "aws-us-gov",
            ]
        )
        #expect(regions.filter(\.isOptIn).count == 17)
    }

    /// The root of the package: Tests/PeeringModelTests/RegionTests.swift is three levels down.
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test func theEmbeddedTableIsDataRegionsTSV() throws {
        let file = try String(contentsOf: Self.packageRoot.appendingPathComponent("Data/regions.tsv"), encoding: .utf8)
        #expect(file == RegionTable.embeddedTSV, "run Scripts/gen-regions.py (make regions) after editing the data")
    }

    @Test func theTSVIsSortedByPartitionThenCode() throws {
        let lines = RegionTable.embeddedTSV.split(separator: "\n").map { $0.split(separator: "\t").map(String.init) }
        #expect(lines.first == ["code", "name", "partition", "partition_name", "opt_in"])
        let rows = lines.dropFirst().map { ($0[2], $0[0]) }
        #expect(rows.count == 46)
        #expect(zip(rows, rows.dropFirst()).allSatisfy { $0 < $1 })
        #expect(RegionTable.embeddedTSV.hasSuffix("false\n") || RegionTable.embeddedTSV.hasSuffix("true\n"))
    }

    @Test(arguments: [
        ("eu-west-1", "eu-west-1"),
        (" EU-WEST-1 ", "eu-west-1"),
        ("\u{00A0}eu-west-1\u{3000}", "eu-west-1"),
        ("eu-west-1.", "eu-west-1"),
        ("Europe (Ireland)", "eu-west-1"),
        ("europe  (ireland)", "eu-west-1"),
        ("Europe(Ireland)", "eu-west-1"),
        ("EU (Ireland)", "eu-west-1"),
        ("Ireland", "eu-west-1"),
        ("\tireland\n", "eu-west-1"),
        ("US East (N. Virginia)", "us-east-1"),
        ("us east (n. virginia)", "us-east-1"),
        ("US  East\u{00A0}(N.\u{2009}Virginia)", "us-east-1"),
        ("United States (N. Virginia)", "us-east-1"),
        ("N. Virginia", "us-east-1"),
        ("N Virginia", "us-east-1"),
        ("N.Virginia", "us-east-1"),
        ("Ohio", "us-east-2"),
        ("Oregon", "us-west-2"),
        ("Asia Pacific (Tokyo)", "ap-northeast-1"),
        ("South America (São Paulo)", "sa-east-1"),
        ("sao paulo", "sa-east-1"),
        ("Zürich", "eu-central-2"),
        ("Europe (Ireland) eu-west-1", "eu-west-1"),
        ("Europe (Ireland) - eu-west-1", "eu-west-1"),
        ("eu-west-1 (Ireland)", "eu-west-1"),
        ("eu-west-1 (Europe (Ireland))", "eu-west-1"),
        ("eu-west-1 Europe (Ireland)", "eu-west-1"),
        ("AWS GovCloud (US-West)", "us-gov-west-1"),
        ("us-gov-west-1", "us-gov-west-1"),
        ("China (Beijing)", "cn-north-1"),
        ("cn-north-1", "cn-north-1"),
    ])
    func findsCodesAndConsoleNames(text: String, code: String) throws {
        #expect(try RegionTable.standard.lookup(text).code == code)
        #expect(try Region(parsing: text).code == code)
    }

    @Test(arguments: [
        "eu-wset-1", "Europe", "US East", "us-east-3", "mars-north-1", "eu west 1",
        // Short names outside the commercial partition are not used alone:
        "US-East", "Beijing",
        // A name and a code that disagree:
        "Europe (Ireland) eu-west-2", "eu-west-1 (London)",
    ])
    func unknownNamesAreRefused(text: String) {
        let error = errorOf { try RegionTable.standard.lookup(text) }
        #expect(error?.reason == .unknownRegion)
        #expect(error?.kind == .region)
    }

    @Test func anUnknownRegionMessageGivesExamplesAndTheNearestCode() throws {
        let error = try #require(errorOf { try RegionTable.standard.lookup("eu-wset-1") })
        #expect(
            error.message
                == "\"eu-wset-1\" is not an AWS region code or console name (for example eu-west-1 or "
                + "\"Europe (Ireland)\"); did you mean eu-west-1?"
        )
        let twoNear = try #require(errorOf { try RegionTable.standard.lookup("us-east-3") })
        #expect(twoNear.message.hasSuffix("did you mean us-east-1 or us-east-2?"))
        let far = try #require(errorOf { try RegionTable.standard.lookup("mars-north-1") })
        #expect(!far.message.contains("did you mean"))
    }

    @Test func aShortNameTwoRegionsShareIsAmbiguous() throws {
        let error = try #require(errorOf { try RegionTable.standard.lookup("Central") })
        #expect(error.reason == .ambiguousRegion(["ca-central-1", "mx-central-1"]))
        #expect(error.message.contains("ca-central-1 (Canada (Central)) or mx-central-1 (Mexico (Central))"))
    }

    @Test(arguments: ["", "  ", "\u{200B}\u{FEFF}"])
    func anEmptyRegionIsRefused(text: String) {
        #expect(reasonOf { try RegionTable.standard.lookup(text) } == .empty)
    }

    @Test func regionByCodeTakesCodesOnly() {
        #expect(RegionTable.standard.region(code: "EU-WEST-1")?.name == "Europe (Ireland)")
        #expect(RegionTable.standard.region(code: "us-gov-east-1")?.partition == .awsUSGov)
        #expect(RegionTable.standard.region(code: "Ireland") == nil)
        #expect(RegionTable.standard.region(code: "Europe (Ireland)") == nil)
        #expect(RegionTable.standard.region(code: "eu-west-9") == nil)
    }

    @Test func aCustomTableIsUsedForParsing() throws {
        let table = try RegionTable(
            tsv: "code\tname\tpartition\tpartition_name\topt_in\nxx-test-1\tTest (Lab)\taws\tAWS Standard\tfalse\n"
        )
        #expect(try Region(parsing: "Lab", table: table).code == "xx-test-1")
        #expect(reasonOf { try Region(parsing: "eu-west-1", table: table) } == .unknownRegion)
        #expect(reasonOf { try RegionTable(regions: []).lookup("eu-west-1") } == .unknownRegion)
    }

    @Test func crlfLineEndsAndBlankLinesAreAccepted() throws {
        let table = try RegionTable(
            tsv: "code\tname\tpartition\tpartition_name\topt_in\r\n\r\nxx-a-1\tA (One)\taws\tAWS Standard\ttrue\r\n"
        )
        #expect(table.regions.map(\.code) == ["xx-a-1"])
        #expect(table.regions.first?.isOptIn == true)
    }

    static let header = "code\tname\tpartition\tpartition_name\topt_in\n"

    @Test(arguments: [
        ("", 1),
        ("code\tname\n", 1),
        ("code,name,partition,partition_name,opt_in\n", 1),
        (header + "x-1\ty\n", 2),
        (header + "x-1\tY\taws\tA\tmaybe\n", 2),
        (header + "x-1\t\taws\tA\ttrue\n", 2),
        (header + "X-1\tY\taws\tA\ttrue\n", 2),
        (header + "x-1\tY\tAWS\tA\ttrue\n", 2),
        (header + "x-1\tY\taws\tA\ttrue\nx-1\tZ\taws\tA\ttrue\n", 3),
        (header + "x-1\tY\taws\tA\ttrue\nx-2\tY\taws\tA\ttrue\n", 3),
        (header + "x-1\tY\taws\tA\ttrue\nx-2\tZ\taws\tB\ttrue\n", 3),
        (header + "x-1\tY\taws\tA\ttrue\ttrue\n", 2),
    ])
    func aBadTableNamesItsLine(tsv: String, line: Int) {
        do {
            _ = try RegionTable(tsv: tsv)
            Issue.record("accepted \(tsv.debugDescription)")
        } catch {
            #expect(error.line == line)
            #expect(error.description.hasPrefix("regions.tsv:\(line): "))
        }
    }
}

@Suite struct RegionTests {
    @Test(arguments: [
        ("us-gov-east-1", "aws-us-gov", "AWS GovCloud (US)"),
        ("us-gov-west-1", "aws-us-gov", "AWS GovCloud (US)"),
        ("cn-northwest-1", "aws-cn", "AWS China"),
        ("us-iso-east-1", "aws-iso", "AWS ISO (US)"),
        ("us-isob-east-1", "aws-iso-b", "AWS ISOB (US)"),
        ("eusc-de-east-1", "aws-eusc", "AWS EUSC"),
    ])
    func otherPartitionsAreFoundButUnsupported(code: String, partition: String, partitionName: String) throws {
        let region = try RegionTable.standard.lookup(code)
        #expect(region.partition.rawValue == partition)
        #expect(region.partitionName == partitionName)
        #expect(!region.partition.isCommercial)
        let error = try #require(errorOf { try region.requireSupported() })
        #expect(error.reason == .unsupportedPartition(partition))
        #expect(error.kind == .region)
        #expect(error.message.hasPrefix("\"\(code)\" (\(region.name)) is in the \(partitionName) partition"))
    }

    @Test func theGovCloudRegionIsInTheGovCloudPartition() throws {
        let region = try Region(parsing: "AWS GovCloud (US-West)")
        #expect(region.partition == .awsUSGov)
        #expect(reasonOf { try region.requireSupported() } == .unsupportedPartition("aws-us-gov"))
    }

    @Test(arguments: [("af-south-1", true), ("us-east-1", false), ("eu-central-2", true), ("eu-west-1", false)])
    func commercialRegionsAreSupported(code: String, optIn: Bool) throws {
        let region = try Region(parsing: code)
        #expect(region.isOptIn == optIn)
        #expect(region.partition == .aws)
        #expect(errorOf { try region.requireSupported() } == nil)
        #expect(region.description == code)
    }

    @Test(arguments: [
        (Partition.aws, "AWS Standard", true),
        (.awsCN, "AWS China", false),
        (.awsUSGov, "AWS GovCloud (US)", false),
        (Partition(rawValue: "aws-iso-f"), "AWS ISOF", false),
        (Partition(rawValue: "aws-mars"), "aws-mars", false),
    ])
    func partitionsHaveTheTablesNames(partition: Partition, displayName: String, isCommercial: Bool) {
        #expect(partition.displayName == displayName)
        #expect(partition.isCommercial == isCommercial)
    }

    @Test func partitionRawValues() {
        #expect(Partition.aws.rawValue == "aws")
        #expect(Partition.awsCN.rawValue == "aws-cn")
        #expect(Partition.awsUSGov.rawValue == "aws-us-gov")
        #expect(Partition(rawValue: "aws") == .aws)
    }
}
