import PeeringModel
import Testing

/// The reason a parse threw, or nil when it did not throw.
func reasonOf<T>(_ body: () throws -> T) -> ValueError.Reason? {
    errorOf(body)?.reason
}

/// The `ValueError` a parse threw; nil when it threw nothing (or, recorded as an issue, another error).
func errorOf<T>(_ body: () throws -> T) -> ValueError? {
    do {
        _ = try body()
        return nil
    } catch let error as ValueError {
        return error
    } catch {
        Issue.record("expected a ValueError, got \(error)")
        return nil
    }
}
