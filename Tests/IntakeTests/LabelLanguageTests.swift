import Foundation
import Intake
import PeeringModel
import Testing

/// Issue 13, class 2: labels with a qualifier in parentheses or after a dash, labels in the
/// customers' languages, and region names as the localized AWS console writes them.
@Suite struct LabelLanguageTests {
    static let northwind: [RequestField: [String]] = [
        .awsAccountID: ["123456789012"], .awsRegion: ["eu-central-1"], .vpcID: ["vpc-0abc1234def567890"],
        .vpcCIDRs: ["10.20.0.0/16"], .peerRoleARN: ["arn:aws:iam::123456789012:role/astro-peering-PeerRole-1XYZ"],
        .clusterID: ["cau29pc7zl4ht2dtcbslfpr1u"],
    ]

    static func values(_ request: PeeringRequest) -> [RequestField: [String]] {
        request.values.mapValues { $0.map(\.canonical) }
    }

    @Test(arguments: [
        ("VPC ID (the one in eu-west-1): vpc-0abc1234", RequestField.vpcID, "vpc-0abc1234"),
        ("VPC ID - the one in eu-west-1: vpc-0abc1234", .vpcID, "vpc-0abc1234"),
        (
            "PeerRole ARN (stack output): arn:aws:iam::123456789012:role/peer", .peerRoleARN,
            "arn:aws:iam::123456789012:role/peer"
        ),
        (
            "Role ARN (from the Outputs tab, not the stack ID): arn:aws:iam::123456789012:role/peer", .peerRoleARN,
            "arn:aws:iam::123456789012:role/peer"
        ),
        ("Konto-ID (Account ID): 123456789012", .awsAccountID, "123456789012"),
        ("Account ID (Konto-ID): 123456789012", .awsAccountID, "123456789012"),
        ("AWS account ID [prod]: 123456789012", .awsAccountID, "123456789012"),
        ("Cluster ID \u{2013} from the Astro UI: cau29pc7zl4ht2dtcbslfpr1u", .clusterID, "cau29pc7zl4ht2dtcbslfpr1u"),
        ("CIDR block (IPv4, primary): 10.20.0.0/16", .vpcCIDRs, "10.20.0.0/16"),
        ("Region (where the VPC is): eu-west-1", .awsRegion, "eu-west-1"),
        ("Region (AWS console: top right) = eu-west-1", .awsRegion, "eu-west-1"),
        ("VPC ID (vpc-…)\nvpc-0abc1234", .vpcID, "vpc-0abc1234"),
    ])
    func labelsWithAQualifier(text: String, field: RequestField, value: String) {
        let request = requestFromMail(text)
        #expect(request.canonical(field) == [value], "\(text)")
        #expect(request.invalid.isEmpty, "\(text)")
    }

    /// A dash after a label is a qualifier only when what follows is not the field's own value.
    @Test func aDashedValueStaysTheValue() {
        let request = requestFromMail("Region - eu-west-1: that is Ireland")
        #expect(request.canonical(.awsRegion) == ["eu-west-1"])
    }

    static let languages: [(String, String)] = [
        (
            "German",
            """
            AWS-Konto-ID: 123456789012
            AWS-Region: Europa (Frankfurt)
            VPC-ID: vpc-0abc1234def567890
            CIDR-Block: 10.20.0.0/16
            PeerRole-ARN: arn:aws:iam::123456789012:role/astro-peering-PeerRole-1XYZ
            Astro-Cluster-ID: cau29pc7zl4ht2dtcbslfpr1u
            """
        ),
        (
            "German, other words",
            """
            Kontonummer: 1234-5678-9012
            Region: eu-central-1
            ID der VPC: vpc-0abc1234def567890
            IPv4-CIDR-Bereich: 10.20.0.0/16
            ARN der Rolle: arn:aws:iam::123456789012:role/astro-peering-PeerRole-1XYZ
            Cluster-ID: cau29pc7zl4ht2dtcbslfpr1u
            """
        ),
        (
            "French",
            """
            ID du compte AWS : 123456789012
            Région AWS : Europe (Francfort)
            ID du VPC : vpc-0abc1234def567890
            Bloc CIDR : 10.20.0.0/16
            ARN du rôle : arn:aws:iam::123456789012:role/astro-peering-PeerRole-1XYZ
            ID du cluster Astro : cau29pc7zl4ht2dtcbslfpr1u
            """
        ),
        (
            "Spanish",
            """
            ID de la cuenta de AWS: 123456789012
            Región: Europa (Fráncfort)
            ID de la VPC: vpc-0abc1234def567890
            Bloque de CIDR: 10.20.0.0/16
            ARN del rol: arn:aws:iam::123456789012:role/astro-peering-PeerRole-1XYZ
            ID del clúster: cau29pc7zl4ht2dtcbslfpr1u
            """
        ),
        (
            "Portuguese",
            """
            ID da conta AWS: 123456789012
            Região: Europa (Frankfurt)
            ID da VPC: vpc-0abc1234def567890
            Bloco CIDR: 10.20.0.0/16
            ARN da função: arn:aws:iam::123456789012:role/astro-peering-PeerRole-1XYZ
            ID do cluster: cau29pc7zl4ht2dtcbslfpr1u
            """
        ),
        (
            "Italian",
            """
            ID dell\u{2019}account AWS: 123456789012
            Regione: Europa (Francoforte)
            ID del VPC: vpc-0abc1234def567890
            Blocco CIDR: 10.20.0.0/16
            ARN del ruolo: arn:aws:iam::123456789012:role/astro-peering-PeerRole-1XYZ
            ID del cluster: cau29pc7zl4ht2dtcbslfpr1u
            """
        ),
        (
            "Dutch",
            """
            AWS-account-ID: 123456789012
            Regio: Europa (Frankfurt)
            VPC-ID: vpc-0abc1234def567890
            CIDR-blok: 10.20.0.0/16
            ARN van de rol: arn:aws:iam::123456789012:role/astro-peering-PeerRole-1XYZ
            Cluster-ID: cau29pc7zl4ht2dtcbslfpr1u
            """
        ),
        (
            "Japanese",
            """
            AWSアカウントID\u{FF1A}123456789012
            リージョン\u{FF1A}欧州 (フランクフルト)
            VPC ID\u{FF1A}vpc-0abc1234def567890
            CIDRブロック\u{FF1A}10.20.0.0/16
            ロールARN\u{FF1A}arn:aws:iam::123456789012:role/astro-peering-PeerRole-1XYZ
            クラスターID\u{FF1A}cau29pc7zl4ht2dtcbslfpr1u
            """
        ),
        (
            "Japanese, values on the next line",
            """
            アカウント番号
            123456789012
            AWS リージョン
            eu-central-1
            VPCのID
            vpc-0abc1234def567890
            VPC CIDR
            10.20.0.0/16
            ピアロール ARN
            arn:aws:iam::123456789012:role/astro-peering-PeerRole-1XYZ
            Astro クラスター ID
            cau29pc7zl4ht2dtcbslfpr1u
            """
        ),
    ]

    @Test(arguments: languages)
    func sixLabelsInEachLanguage(language: String, body: String) throws {
        let request = requestFromMail(body)
        #expect(Self.values(request) == Self.northwind, "\(language)")
        #expect(request.invalid.isEmpty, "\(language)")
        // Each value was read after its label, not found by its shape or taken from the ARN.
        let chosen = try extractionFromMail(body).candidates.filter { $0.verdict == .chosen }
        #expect(chosen.count == 6, "\(language)")
        for candidate in chosen {
            guard case .label = candidate.rule, candidate.reason == nil else {
                Issue.record("\(language): \(candidate.field) \(candidate.value) was not read after its label")
                continue
            }
        }
    }

    /// The console's region names in its languages.
    @Test(arguments: [
        ("Europa (Frankfurt)", "eu-central-1"), ("USA Ost (Nord-Virginia)", "us-east-1"),
        ("Asien-Pazifik (Tokio)", "ap-northeast-1"), ("Europa (Irland)", "eu-west-1"),
        ("Europe (Irlande)", "eu-west-1"), ("USA Est (Virginie du Nord)", "us-east-1"),
        ("Asie-Pacifique (Singapour)", "ap-southeast-1"), ("EE. UU. Este (Norte de Virginia)", "us-east-1"),
        ("EE.UU. Oeste (Oregón)", "us-west-2"), ("Europa (Londres)", "eu-west-2"),
        ("Stati Uniti orientali (Virginia settentrionale)", "us-east-1"), ("Europa (Milano)", "eu-south-1"),
        ("Leste dos EUA (Norte da Virgínia)", "us-east-1"), ("América do Sul (São Paulo)", "sa-east-1"),
        ("Ásia-Pacífico (Tóquio)", "ap-northeast-1"), ("米国東部 (バージニア北部)", "us-east-1"),
        ("アジアパシフィック (東京)", "ap-northeast-1"), ("欧州 (アイルランド)", "eu-west-1"),
        ("미국 동부(버지니아 북부)", "us-east-1"), ("아시아 태평양(서울)", "ap-northeast-2"),
        ("美国东部（弗吉尼亚北部）", "us-east-1"), ("亚太地区（东京）", "ap-northeast-1"),
        ("歐洲 (法蘭克福)", "eu-central-1"), ("AS Timur (Virginia Utara)", "us-east-1"),
        ("Asia Pasifik (Jakarta)", "ap-southeast-3"), ("ABD Doğu (K. Virginia)", "us-east-1"),
        ("Avrupa (İrlanda)", "eu-west-1"), ("Nord-Virginia", "us-east-1"), ("東京", "ap-northeast-1"),
        ("eu-central-1 (Europa (Frankfurt))", "eu-central-1"), ("Kanada (Zentral)", "ca-central-1"),
    ])
    func regionNamesOfTheLocalizedConsole(name: String, code: String) {
        let request = requestFromMail("Region: \(name)")
        #expect(request.canonical(.awsRegion) == [code], "\(name)")
        // As written, after the clean-up of pasted text (fullwidth parentheses are ASCII ones).
        let written = name.replacingOccurrences(of: "\u{FF08}", with: "(").replacingOccurrences(
            of: "\u{FF09}",
            with: ")"
        )
        #expect(request.values[.awsRegion]?.first?.raw == written, "\(name)")
    }

    /// What the customer wrote is quoted whole, not its first word.
    @Test(arguments: [
        ("Region: Europa Mitte", "Europa Mitte"), ("AWS region: somewhere in Frankfurt", "somewhere in Frankfurt"),
        ("Région : Europe (Bruxelles)", "Europe (Bruxelles)"), ("リージョン：ニューヨーク", "ニューヨーク"),
    ])
    func anUnknownRegionIsKeptAsWritten(text: String, written: String) {
        let request = requestFromMail(text)
        #expect(request.values[.awsRegion] == nil, "\(text)")
        #expect(request.invalid[.awsRegion] == [written], "\(text)")
    }
}
