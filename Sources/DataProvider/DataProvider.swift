// DataProvider module: see docs/ARCHITECTURE.md
