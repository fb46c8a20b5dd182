import Testing
@testable import ScopeUI
@Test func placeholder() { #expect(Bool(true)) }
