import Testing
@testable import Harvest

@Suite struct ProgressReporterTests {
    @Test func durationsOfAnySizeAreShown() {
        #expect(ProgressReporter.duration(7.4) == "7s")
        #expect(ProgressReporter.duration(123) == "2m03s")
        #expect(ProgressReporter.duration(3900) == "1h05m")
        // A hostile completeListSize makes any ETA: none of these may trap.
        #expect(ProgressReporter.duration(1e300) == ">99999h")
        #expect(ProgressReporter.duration(.infinity) == ">99999h")
        #expect(ProgressReporter.duration(.nan) == ">99999h")
        #expect(ProgressReporter.duration(-1) == "0s")
    }

    @Test func aLongNoteIsCutAndSaysHowLongItWas() {
        #expect(ProgressReporter.shortened("short") == "short")
        let long = "gapfill: " + String(repeating: "é", count: 2_000)
        #expect(ProgressReporter.shortened(long) == "gapfill: " + String(repeating: "é", count: 991) + "… (4009 bytes)")
    }
}
