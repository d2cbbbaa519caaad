// JSONPath module: see docs/ARCHITECTURE.md
