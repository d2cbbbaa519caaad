// Harvest module: see docs/ARCHITECTURE.md
