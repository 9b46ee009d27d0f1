/// The six details of one generated request, as the customer writes them, plus who sends it.
struct RequestDetails {
    var account: String
    /// The account as written ("1234-5678-9012" sometimes).
    var accountWritten: String
    var region: String
    /// The region as written (its code, or its console name).
    var regionWritten: String
    var vpc: String
    var cidrs: [String]
    var roleARN: String
    var cluster: String
    var name: String
    var email: String
    var company: String

    /// The demo registry's clusters (Data/demo/registry/clusters.csv) with their organizations'
    /// mail domains, so `check` and `ingest` validate against real rows.
    static let clusters: [(id: String, region: String, domains: [String], company: String)] = [
        ("cau29pc7zl4ht2dtcbslfpr1u", "us-east-1", ["northwind.example", "nw-data.example"], "Northwind Analytics"),
        ("cpxxrubu2z3h2jo02m2dmt5eh", "eu-west-1", ["northwind.example", "nw-data.example"], "Northwind Analytics"),
        ("ch8z8lu2m3sbbleuhq6xr00ep", "us-west-2", ["acme.example"], "Acme Logistics"),
        ("cpw024dd9hko4ruga1ppmdudc", "us-central1", ["acme.example"], "Acme Logistics"),
        ("cba459gcctmrwxvgcm3ykn7u0", "eu-central-1", ["globex.example", "corp.globex.example"], "Globex Retail"),
        ("c9y04503uahxhbwdz29k0k9y6", "ap-southeast-2", ["globex.example", "corp.globex.example"], "Globex Retail"),
        ("cqwlp66i5qudzp52yu2nubu3b", "eu-central-1", ["globex.example", "corp.globex.example"], "Globex Retail"),
    ]

    static let regions: [(code: String, name: String)] = [
        ("us-east-1", "US East (N. Virginia)"), ("us-east-2", "US East (Ohio)"), ("us-west-2", "US West (Oregon)"),
        ("eu-west-1", "Europe (Ireland)"), ("eu-central-1", "Europe (Frankfurt)"), ("eu-west-2", "Europe (London)"),
        ("ap-southeast-2", "Asia Pacific (Sydney)"), ("ap-northeast-1", "Asia Pacific (Tokyo)"),
        ("ca-central-1", "Canada (Central)"), ("ap-south-1", "Asia Pacific (Mumbai)"),
    ]

    static let firstNames = [
        "Ana", "Bo", "Chidi", "Dee", "Elif", "Fay", "Gus", "Hana", "Ivan", "Jonas", "Kemal", "Lena", "Mateo", "Nadia",
        "Olu", "Priya", "Quentin", "Rosa", "Sven", "Tomás", "Uma", "Valérie", "Wen", "Xavier", "Yuki", "Zoë",
    ]
    static let lastNames = [
        "Lopez", "Nguyen", "Okafor", "Ito", "Durand", "Schmidt", "Kowalski", "Haddad", "Müller", "Silva", "Park",
        "Andersen", "O'Brien", "Rossi", "Novák", "Yilmaz", "Fernández", "Khan",
    ]

    static func make(_ random: inout SeededRandom) -> RequestDetails {
        let cluster = random.pick(clusters)
        let account = random.digits(12)
        let accountWritten =
            random.chance(0.15)
            ? "\(account.prefix(4))-\(account.dropFirst(4).prefix(4))-\(account.suffix(4))" : account
        // Mostly the cluster's own region; sometimes another (inter-region peering).
        let sameRegion = random.chance(0.7) ? regions.first { $0.code == cluster.region } : nil
        let regionEntry = sameRegion ?? random.pick(regions)
        let regionWritten = random.chance(0.2) ? regionEntry.name : regionEntry.code
        let vpc = "vpc-" + random.hex(random.chance(0.85) ? 17 : 8)
        var cidrs = [makeCIDR(&random)]
        if random.chance(0.12) { cidrs.append(makeCIDR(&random)) }
        let roleARN: String
        if random.chance(0.04) {
            // A classic mistake: the stack's own ARN instead of its PeerRole output.
            roleARN =
                "arn:aws:cloudformation:\(regionEntry.code):\(account):stack/astro-peering-role/"
                + "\(random.hex(8))-\(random.hex(4))-\(random.hex(4))-\(random.hex(4))-\(random.hex(12))"
        } else {
            roleARN = "arn:aws:iam::\(account):role/astro-peering-role-PeerRole-\(random.alphanumeric(12, upper: true))"
        }
        let clusterID = random.chance(0.9) ? cluster.id : "c" + random.alphanumeric(24)
        let first = random.pick(firstNames)
        let last = random.pick(lastNames)
        let local = (first.prefix(1) + last).lowercased().filter { $0.isASCII && $0.isLetter }
        let domain = random.chance(0.9) ? random.pick(cluster.domains) : random.pick(["gmail.com", "outlook.com"])
        return RequestDetails(
            account: account,
            accountWritten: accountWritten,
            region: regionEntry.code,
            regionWritten: regionWritten,
            vpc: vpc,
            cidrs: cidrs,
            roleARN: roleARN,
            cluster: clusterID,
            name: "\(first) \(last)",
            email: "\(local)@\(domain)",
            company: cluster.company
        )
    }

    private static func makeCIDR(_ random: inout SeededRandom) -> String {
        switch random.int(0...9) {
        case 0...5: return "10.\(random.int(0...255)).0.0/16"
        case 6...7: return "172.\(random.int(16...31)).\(random.int(0...15) * 16).0/20"
        case 8: return "192.168.\(random.int(0...255)).0/24"
        default: return "10.\(random.int(0...255)).\(random.int(0...3) * 64).0/18"
        }
    }

    /// The six (label, value) pairs in a random phrasing.
    func labeled(_ random: inout SeededRandom) -> [(label: String, value: String)] {
        [
            (
                random.pick([
                    "AWS account ID", "Account ID", "AWS Account Number", "Account #", "AWS account", "Account",
                    "AWS Account ID",
                ]), accountWritten
            ),
            (random.pick(["Region", "AWS region", "VPC region", "AWS Region"]), regionWritten),
            (random.pick(["VPC ID", "VPC", "External VPC ID", "VPC Id"]), vpc),
            (
                random.pick(["CIDR", "CIDR block", "VPC CIDR", "IPv4 CIDR", "CIDR range", "VPC CIDR block"]),
                cidrs.joined(separator: random.pick([", ", " and ", "; "]))
            ),
            (random.pick(["PeerRole ARN", "Peer Role ARN", "Role ARN", "PeerRole ARN (stack output)"]), roleARN),
            (random.pick(["Cluster ID", "Astro cluster ID", "Astro cluster", "Cluster"]), cluster),
        ]
    }
}
