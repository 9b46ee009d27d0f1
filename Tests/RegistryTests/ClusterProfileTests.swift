import PeeringModel
import Registry
import Testing

/// The optional aws_profile column of the clusters CSV (for `peerdesk peering`).
@Suite struct ClusterProfileTests {
    static let withProfiles = """
        id,organization_id,name,deployment,cloud,region,aws_account_id,vpc_id,vpc_cidrs,status,aws_profile
        cau29pc7zl4ht2dtcbslfpr1u,org-a,alpha-prod,hosted-dedicated,aws,us-east-1,406793422161,vpc-0348f92c1409fba12,10.10.0.0/20;10.40.0.0/20,active,astro-prod
        cpw024dd9hko4ruga1ppmdudc,org-b,beta-gcp,hybrid,gcp,us-central1,,,10.200.0.0/20,active,

        """

    @Test func theColumnIsReadAndStored() throws {
        let database = try PeerDeskDatabase.makeInMemory()
        _ = try database.importRegistry([try parse(organizationsCSV), try parse(Self.withProfiles)])
        let cluster = try #require(try database.cluster(id: ClusterID(parsing: "cau29pc7zl4ht2dtcbslfpr1u")))
        #expect(cluster.awsProfile == "astro-prod")
        let gcp = try #require(try database.cluster(id: ClusterID(parsing: "cpw024dd9hko4ruga1ppmdudc")))
        #expect(gcp.awsProfile == nil)
    }

    @Test func aFileWithoutTheColumnKeepsTheStoredProfile() throws {
        let database = try PeerDeskDatabase.makeInMemory()
        _ = try database.importRegistry([try parse(organizationsCSV), try parse(Self.withProfiles)])
        let summaries = try database.importRegistry([try parse(clustersCSV)])
        #expect(summaries.first?.unchanged == 2)
        let cluster = try #require(try database.cluster(id: ClusterID(parsing: "cau29pc7zl4ht2dtcbslfpr1u")))
        #expect(cluster.awsProfile == "astro-prod")
    }

    @Test func aProfileOnAnotherCloudOrWithSpacesIsRefused() {
        let header =
            "id,organization_id,name,deployment,cloud,region,aws_account_id,vpc_id,vpc_cidrs,status,aws_profile\n"
        #expect(
            problems(
                header + "cpw024dd9hko4ruga1ppmdudc,org-b,beta-gcp,hybrid,gcp,us-central1,,,10.200.0.0/20,active,x\n"
            )
                == ["test.csv:2: aws_profile is set, but the cluster is on gcp, not AWS"]
        )
        let spaced = problems(
            header
                + "cau29pc7zl4ht2dtcbslfpr1u,org-a,a,hybrid,aws,us-east-1,406793422161,vpc-0348f92c1409fba12,"
                + "10.10.0.0/20,active,my profile\n"
        )
        #expect(spaced.count == 1)
        #expect(spaced.first?.contains("is not an AWS CLI profile name") == true)
    }
}
