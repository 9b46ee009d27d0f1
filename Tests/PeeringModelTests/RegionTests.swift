import Foundation
import PeeringModel
import Testing

@Suite struct RegionTests {
    @Test func theTableHasEveryPartition() {
        let regions = RegionTable.standard.regions
        #expect(regions.count == 46)
        #expect(regions.filter { $0.partition == .aws }.count == 34)
        #expect(regions.filter { $0.partition == .awsUSGov }.map(\.code) == ["us-gov-east-1", "us-gov-west-1"])
        #expect(regions.filter { $0.partition == .awsCN }.map(\.code) == ["cn-north-1", "cn-northwest-1"])
        #expect(Set(regions.map(\.partition.rawValue)).count == 8)
    }

    @Test func theEmbeddedTableIsDataRegionsTSV() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let file = try String(contentsOf: root.appendingPathComponent("Data/regions.tsv"), encoding: .utf8)
        #expect(file == RegionTable.embeddedTSV, "run `make regions` after editing Data/regions.tsv")
    }

    @Test(arguments: [
        ("eu-west-1", "eu-west-1"),
        (" EU-WEST-1 ", "eu-west-1"),
        ("Europe (Ireland)", "eu-west-1"),
        ("EU (Ireland)", "eu-west-1"),
        ("europe  (ireland)", "eu-west-1"),
        ("Ireland", "eu-west-1"),
        ("US East (N. Virginia)", "us-east-1"),
        ("us east (n. virginia)", "us-east-1"),
        ("N. Virginia", "us-east-1"),
        ("N Virginia", "us-east-1"),
        ("Ohio", "us-east-2"),
        ("Asia Pacific (Tokyo)", "ap-northeast-1"),
        ("AWS GovCloud (US-West)", "us-gov-west-1"),
        ("cn-north-1", "cn-north-1"),
    ])
    func findsCodesAndConsoleNames(text: String, code: String) throws {
        #expect(try RegionTable.standard.lookup(text).code == code)
        #expect(try Region(parsing: text).code == code)
    }

    @Test(arguments: ["eu-wset-1", "Europe", "US East", "us-east-3", "mars-north-1"])
    func unknownAndAmbiguousNamesAreRefused(text: String) {
        #expect(reasonOf { try RegionTable.standard.lookup(text) } == .unknownRegion)
    }

    @Test func anEmptyRegionIsRefused() {
        #expect(reasonOf { try RegionTable.standard.lookup("  ") } == .empty)
    }

    @Test(arguments: [
        ("us-gov-east-1", "aws-us-gov", "AWS GovCloud (US)"),
        ("cn-northwest-1", "aws-cn", "AWS China"),
        ("us-iso-east-1", "aws-iso", "AWS ISO (US)"),
        ("eusc-de-east-1", "aws-eusc", "AWS EUSC"),
    ])
    func otherPartitionsAreFoundButUnsupported(code: String, partition: String, partitionName: String) throws {
        let region = try RegionTable.standard.lookup(code)
        #expect(region.partition.rawValue == partition)
        #expect(!region.partition.isCommercial)
        let error = errorOf { try region.requireSupported() }
        #expect(error?.reason == .unsupportedPartition(partition))
        #expect(error?.message.contains(partitionName) == true)
    }

    @Test func aCommercialRegionIsSupported() throws {
        let region = try RegionTable.standard.lookup("af-south-1")
        #expect(region.isOptIn)
        #expect(region.name == "Africa (Cape Town)")
        try region.requireSupported()
    }

    @Test(arguments: [
        ("code\tname\n", 1),
        ("code\tname\tpartition\tpartition_name\topt_in\nx\ty\n", 2),
        ("code\tname\tpartition\tpartition_name\topt_in\nx\ty\taws\tA\tmaybe\n", 2),
    ])
    func aBadTableNamesItsLine(tsv: String, line: Int) {
        #expect(throws: RegionTableError.self) { try RegionTable(tsv: tsv) }
        do {
            _ = try RegionTable(tsv: tsv)
        } catch {
            #expect(error.line == line)
        }
    }
}
