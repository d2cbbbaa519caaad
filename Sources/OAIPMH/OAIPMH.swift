// OAIPMH module: see docs/ARCHITECTURE.md
