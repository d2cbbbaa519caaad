import Testing
@testable import ThresherCore

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
        // One character of 100,000 combining marks is cut too.
        let oneCharacter = "a" + String(repeating: "\u{301}", count: 100_000)
        #expect(ProgressReporter.shortened(oneCharacter).utf8.count < 2_100)
    }

    @Test func setsAnEarlierRunFinishedAreDoneWithoutRunning() {
        let progress = ProgressReporter(quiet: true)
        progress.setTotal(3)
        progress.jobSkipped()
        progress.jobStarted()
        progress.page(job: "b", records: 5, received: 5, expected: Int.min)
        progress.jobEnded(job: "b")
        progress.jobStarted()
        #expect(ProgressReporter.line(progress.snapshot, seconds: 1, items: nil)
                == "sets 2/3 done, 1 running · 5 records · 5 rec/s · 0 retries")
        progress.page(job: "c", records: 1, received: 1, expected: Int.min)
        #expect(progress.snapshot.expected["c"]?.expected == 0)
    }

    @Test func anETAFromAnyClaimedListSizeIsShown() {
        var state = ProgressReporter.State()
        state.setsTotal = 3
        state.setsRunning = 3
        state.records = 100
        state.expected = ["a": (Int.max, 50), "b": (Int.max, 50), "c": (0, 0)]
        #expect(ProgressReporter.line(state, seconds: 10, items: nil)
                == "sets 0/3 done, 3 running · 100 records · 10 rec/s · 0 retries · ETA >99999h for running sets")
        state.expected = ["a": (120, 50), "b": (0, 0)]
        #expect(ProgressReporter.line(state, seconds: 10, items: nil).hasSuffix(" · ETA 7s for running sets"))
        state.expected = [:]
        #expect(!ProgressReporter.line(state, seconds: 10, items: nil).contains("ETA"))
    }

    @Test func itemsShowDoneOfTotalTheRateAndAnETA() {
        let progress = ProgressReporter(quiet: true, unit: .records)
        progress.setTotal(1_000)
        progress.advance(by: 250)
        progress.advance(by: 0)
        #expect(ProgressReporter.line(progress.snapshot, seconds: 5, items: "records") == "records 250/1000 · 50/s · ETA 15s")
        // Without a total (files of unknown length): the count and the rate.
        var state = ProgressReporter.State()
        state.records = 40
        #expect(ProgressReporter.line(state, seconds: 2, items: "records") == "records 40 · 20/s")
        state.setsTotal = 100
        #expect(ProgressReporter.line(state, seconds: 2, items: "identifiers") == "identifiers 40/100 · 20/s · 0 retries · ETA 3s")
    }
}
