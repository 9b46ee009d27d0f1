import Intake
import PeeringModel

/// A message as a customer's mail client would send it, read through `RequestBuilder`.
func requestFromMail(
    _ body: String,
    headers: String = "From: Ana Lopez <ana@northwind.example>\nSubject: VPC peering"
) -> PeeringRequest {
    let raw = RawMessage(origin: Origin(kind: .email, path: "m.eml"), bytes: Array("\(headers)\n\n\(body)".utf8))
    return RequestBuilder.request(from: raw)
}

/// The extraction `RequestBuilder` made of the same message, for its candidates and reasons.
func extractionFromMail(
    _ body: String,
    headers: String = "From: Ana Lopez <ana@northwind.example>\nSubject: VPC peering"
) throws -> Extraction {
    let message = try MailMessage.parse(Array("\(headers)\n\n\(body)".utf8))
    return FieldExtractor.extract(message.textSources)
}

extension PeeringRequest {
    /// The canonical values of a field, in order (empty when missing).
    func canonical(_ field: RequestField) -> [String] {
        (values[field] ?? []).map(\.canonical)
    }
}

/// A whole message, headers and all, read through `RequestBuilder`.
func requestFromRaw(_ message: String) -> PeeringRequest {
    RequestBuilder.request(from: RawMessage(origin: Origin(kind: .email, path: "m.eml"), bytes: Array(message.utf8)))
}

/// The extraction of a whole message, as `RequestBuilder` and `inspect` make it.
func extractionFromRaw(_ message: String) throws -> Extraction {
    FieldExtractor.extract(try MailMessage.parse(Array(message.utf8)).textSources)
}
