// EDM module: see docs/ARCHITECTURE.md
