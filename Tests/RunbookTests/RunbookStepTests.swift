import DeskTestSupport
import Runbook
import Testing

@Suite struct RunbookStepTests {
    @Test func stepNamesAreTheContract() {
        #expect(
            RunbookStep.allCases.map(\.rawValue) == [
                "details-received", "validated", "peering-requested", "routes-created", "reply-sent",
                "customer-route-added", "role-stack-deleted",
            ]
        )
    }

    @Test(arguments: [
        (RunbookStep.peeringRequested, RunbookStep.validated),
        (.routesCreated, .peeringRequested),
        (.replySent, .routesCreated),
        (.customerRouteAdded, .replySent),
        (.roleStackDeleted, .peeringRequested),
    ])
    func eachManualStepNeedsItsPrerequisite(step: RunbookStep, prerequisite: RunbookStep) {
        let allButPrerequisite = Set(RunbookStep.allCases).subtracting([prerequisite, step])
        #expect(step.guardFailure(completed: allButPrerequisite) == .needs(step, prerequisite))
        #expect(step.guardFailure(completed: [prerequisite]) == nil)
    }

    @Test(arguments: [RunbookStep.detailsReceived, .validated])
    func automaticStepsAreNeverDoneByHand(step: RunbookStep) {
        #expect(step.guardFailure(completed: Set(RunbookStep.allCases)) == .automatic(step))
        #expect("\(GuardFailure.automatic(step))".contains("automatic"))
    }

    static let automaticCases: [(Bool, Bool, Set<RunbookStep>)] = [
        (false, false, []), (false, true, []), (true, true, [.detailsReceived]),
        (true, false, [.detailsReceived, .validated]),
    ]

    @Test(arguments: automaticCases)
    func theAutomaticStepsFollowDetailsAndErrors(hasAllDetails: Bool, hasErrors: Bool, expected: Set<RunbookStep>) {
        #expect(RunbookStep.automatic(hasAllDetails: hasAllDetails, hasErrors: hasErrors) == expected)
    }

    @Test func aDoneStepIsNotDoneTwice() {
        let failure = RunbookStep.routesCreated.guardFailure(completed: [.peeringRequested, .routesCreated])
        #expect(failure == .alreadyDone(.routesCreated))
    }

    @Test func theGuardMessageNamesBothSteps() {
        let message = "\(GuardFailure.needs(.replySent, .routesCreated))"
        #expect(message.hasPrefix("reply-sent needs routes-created first"))
    }

    @Test func nextSkipsTheOptionalStep() {
        let completed: Set<RunbookStep> = [
            .detailsReceived, .validated, .peeringRequested, .routesCreated, .replySent, .customerRouteAdded,
        ]
        #expect(RunbookStep.next(completed: completed) == nil)
        #expect(RunbookStep.next(completed: [.detailsReceived]) == .validated)
        #expect(RunbookStep.next(completed: []) == .detailsReceived)
    }

    @Test(arguments: [
        ([RunbookStep](), false, false, TicketStatus.needsInfo),
        ([.detailsReceived], true, false, .needsInfo),
        ([.detailsReceived, .validated], false, false, .ready),
        ([.detailsReceived, .validated], true, false, .needsInfo),
        ([.detailsReceived, .validated, .peeringRequested], false, false, .inProgress),
        ([.detailsReceived, .validated, .peeringRequested, .routesCreated], false, false, .inProgress),
        (
            [.detailsReceived, .validated, .peeringRequested, .routesCreated, .replySent], false, false,
            .waitingOnCustomer
        ),
        (
            [.detailsReceived, .validated, .peeringRequested, .routesCreated, .replySent, .customerRouteAdded], false,
            false, .done
        ),
        ([.detailsReceived, .validated], false, true, .rejected),
    ])
    func statusIsDerived(completed: [RunbookStep], hasErrors: Bool, isRejected: Bool, expected: TicketStatus) {
        #expect(
            TicketStatus.derive(completed: Set(completed), hasErrors: hasErrors, isRejected: isRejected) == expected
        )
    }

    @Test func statusNamesAreTheContract() {
        #expect(
            TicketStatus.allCases.map(\.rawValue) == [
                "needs-info", "ready", "in-progress", "waiting-on-customer", "done", "rejected",
            ]
        )
    }
}

@Suite struct StepLatchTests {
    /// After peering-requested, a later evaluation that finds errors or loses a detail never
    /// undoes details-received or validated.
    @Test func theAutomaticStepsStandOncePeeringIsRequested() {
        let latched = RunbookStep.completed(automatic: [], manual: [.peeringRequested, .routesCreated])
        #expect(latched.isSuperset(of: [.detailsReceived, .validated]))
        #expect(RunbookStep.next(completed: latched) == .replySent)
        let before = RunbookStep.completed(automatic: [.detailsReceived], manual: [])
        #expect(before == [.detailsReceived])
    }
}
