import Foundation
import Replies
import Runbook
import Testing

@Suite struct TemplateOverrideTests {
    @Test func anOverrideDirectoryReplacesTheBundledTemplates() throws {
        let directory = try templatesDirectory([
            "peering-ready.mustache": "Hi{{#requester_name}} {{requester_name}}{{/requester_name}}!\r\n"
                + "{{#routes}}\r\nroute {{destination}} via {{target}}\r\n{{/routes}}\r\n-- \r\nAstro Support\r\n"
        ])
        let renderer = try ReplyRenderer(templatesDirectory: directory)
        #expect(renderer.templatesDirectory == directory)
        let text = try renderer.render(.peeringReady, context: Contexts.peeringReady())
        #expect(
            text == "Hi Ana López!\nroute 10.100.0.0/20 via pcx-0a1b2c3d4e5f67890\n"
                + "route 10.101.0.0/22 via pcx-0a1b2c3d4e5f67890\n-- \nAstro Support\n"
        )
    }

    @Test func aTypoInAPlaceholderFailsNamingTheTemplateAndThePlaceholder() throws {
        let directory = try templatesDirectory([
            "request-changes.mustache": "Hello,\n\nYour request ({{ticket_referenc}}) needs changes.\n"
        ])
        let error = replyError { () throws(ReplyError) in try ReplyRenderer(templatesDirectory: directory) }
        let path = directory.appendingPathComponent("request-changes.mustache").path
        #expect(error?.code == .unresolvedPlaceholder)
        #expect(
            error?.description.hasPrefix(
                "\(path):3: unresolved placeholder {{ticket_referenc}}: the reply provides no value named "
                    + "\"ticket_referenc\" (it provides: "
            ) == true,
            "\(String(describing: error))"
        )
        #expect(error?.description.contains("ticket_reference") == true)
    }

    @Test(arguments: [
        // A typo in a section this ticket would not render is still found.
        ("peering-ready.mustache", "{{#is_inter_region}}\nin {{cluster_regoin}}\n{{/is_inter_region}}\n", 2),
        // Inside a list, the item's names and the outer names resolve; others do not.
        ("request-changes.mustache", "{{#errors}}\n{{explanation}} {{ticket_reference}} {{label}}\n{{/errors}}\n", 2),
        ("request-changes.mustache", "{{^has_errors}}{{nothing}}{{/has_errors}}", 1),
        ("request-changes.mustache", "{{#bogus}}x{{/bogus}}", 1),
        ("not-authorized.mustache", "{{! comment {{ignored}} }}\n{{=<% %>=}}\n<% peering_id %>\n", 3),
        ("not-authorized.mustache", "{{{clusterName}}}", 1),
        ("not-authorized.mustache", "{{& vpc_id }}", 1),
    ])
    func unresolvedPlaceholdersAreFoundBeforeRendering(file: String, text: String, line: Int) throws {
        let directory = try templatesDirectory([file: text])
        let error = replyError { () throws(ReplyError) in try ReplyRenderer(templatesDirectory: directory) }
        #expect(error?.code == .unresolvedPlaceholder)
        #expect(
            error?.description.hasPrefix(directory.appendingPathComponent(file).path + ":\(line): ") == true,
            "\(String(describing: error))"
        )
    }

    @Test(arguments: [
        ("{{#errors}}\n{{.}}\n{{/errors}}\n", false),
        ("{{#errors}}{{#details}}{{.}}{{/details}}{{/errors}}", true),
        ("{{.}}", false),
        ("{{errors}}", false),
        ("{{> header}}", false),
        ("{{<layout}}{{/layout}}", false),
        ("{{$block}}x{{/block}}", false),
        ("{{%CONTENT_TYPE:HTML}}", false),
        ("{{uppercased(ticket_reference)}}", false),
        ("{{requester_name.first}}", false),
        ("{{#errors}}unclosed", false),
        ("{{ticket reference}}", false),
    ])
    func unsupportedOrMalformedTagsAreRefused(text: String, isFine: Bool) throws {
        let directory = try templatesDirectory(["request-changes.mustache": text])
        let error = replyError { () throws(ReplyError) in try ReplyRenderer(templatesDirectory: directory) }
        if isFine {
            #expect(error == nil)
        } else {
            #expect(error?.code == .templateSyntax, "\(text): \(String(describing: error))")
            #expect(
                error?.description.hasPrefix(directory.appendingPathComponent("request-changes.mustache").path) == true
            )
        }
    }

    @Test func aSyntaxErrorNamesTheLine() throws {
        let directory = try templatesDirectory(["not-authorized.mustache": "Hello\n\n{{#requester_name}}\nx\n"])
        let error = replyError { () throws(ReplyError) in try ReplyRenderer(templatesDirectory: directory) }
        let path = directory.appendingPathComponent("not-authorized.mustache").path
        #expect(error?.code == .templateSyntax)
        #expect(error?.description.hasPrefix("\(path):") == true)
        #expect(error?.description.contains("a section is never closed") == true, "\(String(describing: error))")
    }

    @Test func aMissingTemplateIsAnErrorNamingItsPath() throws {
        let directory = try templatesDirectory(["not-authorized.mustache": nil])
        let error = replyError { () throws(ReplyError) in try ReplyRenderer(templatesDirectory: directory) }
        let path = directory.appendingPathComponent("not-authorized.mustache").path
        #expect(error?.code == .templateNotFound)
        #expect(
            error?.description
                == "\(path): no such template; a templates directory must hold request-changes.mustache, "
                + "peering-ready.mustache, not-authorized.mustache"
        )
    }

    @Test func aMissingDirectoryIsAnError() {
        let directory = URL(fileURLWithPath: "/nonexistent/peerdesk-templates")
        let error = replyError { () throws(ReplyError) in try ReplyRenderer(templatesDirectory: directory) }
        #expect(error?.code == .templateNotFound)
        #expect(error?.description == "/nonexistent/peerdesk-templates: no such templates directory")
    }

    @Test func aTemplateThatIsNotUTF8IsRefused() throws {
        let directory = try templatesDirectory()
        try Data([0x48, 0xFF, 0xFE, 0x0A]).write(to: directory.appendingPathComponent("peering-ready.mustache"))
        let error = replyError { () throws(ReplyError) in try ReplyRenderer(templatesDirectory: directory) }
        #expect(error?.code == .templateSyntax)
        #expect(error?.description.hasSuffix("peering-ready.mustache: not UTF-8 text") == true)
    }

    @Test func printingAValueTheTicketLacksFailsTheDraft() throws {
        let directory = try templatesDirectory([
            "peering-ready.mustache": "Cluster: {{cluster_name}}\nRoute: {{astro_cidr_list}} via {{peering_id}}\n"
        ])
        let renderer = try ReplyRenderer(templatesDirectory: directory)
        #expect(
            try renderer.render(.peeringReady, context: Contexts.peeringReady())
                == "Cluster: prod-analytics\nRoute: 10.100.0.0/20, 10.101.0.0/22 via pcx-0a1b2c3d4e5f67890\n"
        )
        var context = Contexts.peeringReady()
        context.clusterName = nil
        let error = replyError { () throws(ReplyError) in try renderer.render(.peeringReady, context: context) }
        #expect(error?.code == .missingValue)
        #expect(
            error?.description
                == directory.appendingPathComponent("peering-ready.mustache").path
                + ": {{cluster_name}} has no value for PD-12; print it inside {{#cluster_name}}…{{/cluster_name}}"
        )
    }
}
